import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCsv } from "../../src/pipeline/auditCsv.ts";
import { renderSvg } from "../../src/reports/renderChart.ts";
import {
  AuditJobReportsDocument,
  DeleteAuditJobDocument,
  UploadAuditDocument,
} from "../generated/graphql.ts";
import { csv, REFERENCE_SAMPLE, sectorConfig } from "../support/fixtures.ts";
import {
  execute,
  startServer,
  startSlowUpload,
  type TestServer,
  uploadFile,
} from "../support/server.ts";

let server: TestServer;
let jobId: string;
let reports: NonNullable<Awaited<ReturnType<typeof fetchReports>>>;

async function fetchReports(id: string, variables: Record<string, unknown> = {}) {
  const response = await execute(server, AuditJobReportsDocument, { id, ...variables });
  return response.data?.auditJob ?? null;
}

/** A GET (or HEAD) with the path sent exactly as written: fetch would normalise `..`. */
function rawGet(path: string, method = "GET", headers: Record<string, string> = {}) {
  const url = new URL(server.url);
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

const svgTexts = (svg: string): string[] => {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "#text" && typeof value === "string") texts.push(value);
      else walk(value);
    }
  };
  walk(new XMLParser({ ignoreAttributes: true, preserveOrder: true }).parse(svg));
  return texts;
};

beforeAll(async () => {
  server = await startServer();
  const uploaded = await uploadFile(server, UploadAuditDocument, readFileSync(REFERENCE_SAMPLE), {
    fileName: "monthly_production.csv",
    input: { year: 2024, awaitCompletion: true },
  });
  jobId = uploaded.data?.uploadAudit.job?.id ?? "";
  const found = await fetchReports(jobId);
  if (found === null) throw new Error("no reports");
  reports = found;
});
afterAll(async () => {
  await server.close();
});

describe("the summary CSV", () => {
  it("has the reference tool's columns and its 50 factories' totals and statuses to the cent", async () => {
    const response = await rawGet(pathOf(reports.assets?.summaryCsvUrl ?? ""));
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      'attachment; filename="audit_summary_2024.csv"',
    );
    const [header, ...rows] = response.body.toString("utf8").trimEnd().split("\n");
    expect(header?.split(",").slice(0, 7)).toEqual([
      "factory_id",
      "sector",
      "total_emissions_kg",
      "max_monthly_emissions_kg",
      "avg_monthly_emissions_kg",
      "alerts_count",
      "status",
    ]);
    expect(rows).toHaveLength(50);
    const expected = await auditCsv([readFileSync(REFERENCE_SAMPLE)], {
      config: sectorConfig(),
      year: 2024,
    });
    for (const factory of expected.factories) {
      const cells = rows.find((r) => r.startsWith(`${factory.factoryId},`))?.split(",");
      expect(cells?.slice(1, 7)).toEqual([
        factory.sector,
        factory.totalEmissionsKg.toFixed(2),
        factory.maxMonthlyKg.toFixed(2),
        factory.avgMonthlyKg.toFixed(2),
        String(factory.alerts),
        factory.status,
      ]);
    }
    expect(rows.find((r) => r.startsWith("FAC_STEEL_15,"))).toMatch(
      /^FAC_STEEL_15,Steel,110070517\.00,/,
    );
    expect(rows.filter((r) => r.split(",")[6] === "EXCEEDED")).toHaveLength(22);
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const uploaded = await uploadFile(
      server,
      UploadAuditDocument,
      csv(
        '"=HYPERLINK(""http://evil.example"",""x"")",Steel,1,1,1,coal,0',
        "+SUM(A1),Steel,1,1,1,coal,0",
        "@cmd,Steel,1,1,1,coal,0",
      ),
    );
    const id = uploaded.data?.uploadAudit.job?.id ?? "";
    const found = await fetchReports(id);
    const text = (await rawGet(pathOf(found?.assets?.summaryCsvUrl ?? ""))).body.toString("utf8");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")",Steel,`);
    expect(text).toContain("'+SUM(A1),Steel,");
    expect(text).toContain("'@cmd,Steel,");
    expect(text).not.toMatch(/^[=+@-]/m);
  });
});

describe("the row-issues CSV", () => {
  it("lists every issue with line, column, value, code, severity and message", async () => {
    const uploaded = await uploadFile(
      server,
      UploadAuditDocument,
      csv(
        "F1,Steel,1,1,1,coal,0",
        "F1,Steel,13,1,1,coal,0",
        "F2,Steel,1,1,1,plutonium,-2",
        "F3,=1+1,1,1,1,coal,0",
      ),
    );
    const found = await fetchReports(uploaded.data?.uploadAudit.job?.id ?? "");
    const response = await rawGet(pathOf(found?.assets?.rowIssuesCsvUrl ?? ""));
    expect(response.headers["content-disposition"]).toMatch(
      /attachment; filename="audit_row_issues_\d{4}\.csv"/,
    );
    const lines = response.body.toString("utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("line,column,value,code,severity,message");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 5).join(","))).toEqual([
      "3,month,13,INVALID_MONTH,DROPPED",
      "4,energy_source_type,plutonium,UNKNOWN_ENERGY_SOURCE,WARNING",
      "4,raw_material_weight_tons,'-2,NEGATIVE_RAW_MATERIAL,WARNING",
      "5,sector,'=1+1,UNKNOWN_SECTOR,DROPPED",
    ]);
  });
});

describe("the charts", () => {
  it("serve an SVG that parses as XML and shows the top four of each sector and the cap lines", async () => {
    const response = await rawGet(pathOf(reports.assets?.chartSvgUrl ?? ""));
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("image/svg+xml");
    expect(response.headers["content-disposition"]).toBe(
      'inline; filename="cumulative_emissions_2024.svg"',
    );
    const svg = response.body.toString("utf8");
    expect(XMLValidator.validate(svg)).toBe(true);
    const texts = svgTexts(svg);
    for (const label of [
      "FAC_STEEL_15 (Steel)",
      "FAC_STEEL_11 (Steel)",
      "FAC_ELEC_07 (Electronics)",
      "FAC_TEX_13 (Textile)",
      "Steel annual cap 90,000 t",
      "Textile annual cap 7,500 t",
      "Electronics annual cap 13,000 t",
      "Cumulative CO2 emissions by month, 2024",
    ]) {
      expect(texts).toContain(label);
    }
    expect(texts.filter((t) => / \((Steel|Textile|Electronics)\)$/.test(t))).toHaveLength(12);
    for (const month of ["Jan", "Jun", "Dec"]) expect(texts).toContain(month);
  });

  it("serve a PNG at least 1200 px wide", async () => {
    const response = await rawGet(pathOf(reports.assets?.chartPngUrl ?? ""));
    expect(response.headers["content-type"]).toBe("image/png");
    const png = response.body;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1200);
    expect(png.readUInt32BE(20)).toBeGreaterThan(200);
    const sector = await rawGet(pathOf(reports.assets?.sectorChartPngUrl ?? ""));
    expect(sector.body.readUInt32BE(16)).toBeGreaterThanOrEqual(1200);
  });

  it("render from the very spec the API returns", async () => {
    const served = (await rawGet(pathOf(reports.chart?.svgUrl ?? ""))).body.toString("utf8");
    expect(await renderSvg(reports.chart?.vegaLiteSpec as Record<string, unknown>)).toBe(served);
    const sector = (await rawGet(pathOf(reports.sectorChart?.svgUrl ?? ""))).body.toString("utf8");
    expect(await renderSvg(reports.sectorChart?.vegaLiteSpec as Record<string, unknown>)).toBe(
      sector,
    );
    expect(svgTexts(sector)).toEqual(
      expect.arrayContaining(["Steel", "Textile", "Electronics", "1,698,644"]),
    );
  });

  it("take sectors, factories and a number per sector", async () => {
    const steelTwo = await fetchReports(jobId, { perSector: 2, sectors: ["Steel"] });
    expect(steelTwo?.chart?.svgUrl).toMatch(
      /cumulative_emissions\.svg\?perSector=2&sectors=Steel$/,
    );
    const texts = svgTexts(
      (await rawGet(pathOf(steelTwo?.chart?.svgUrl ?? ""))).body.toString("utf8"),
    );
    const series = (all: string[]) =>
      all.filter((t) => / \((Steel|Textile|Electronics)\)$/.test(t));
    expect(series(texts)).toEqual(["FAC_STEEL_15 (Steel)", "FAC_STEEL_11 (Steel)"]);
    const chosen = await fetchReports(jobId, { factoryIds: ["FAC_TEX_02", "FAC_ELEC_03"] });
    const chosenTexts = svgTexts(
      (await rawGet(pathOf(chosen?.chart?.svgUrl ?? ""))).body.toString("utf8"),
    );
    expect(series(chosenTexts).sort()).toEqual([
      "FAC_ELEC_03 (Electronics)",
      "FAC_TEX_02 (Textile)",
    ]);
  });

  it("refuse options that make no sense, over GraphQL and over HTTP", async () => {
    for (const variables of [
      { perSector: 0 },
      { sectors: ["Glass"] },
      { factoryIds: ["NOPE"] },
      { year: 1999 },
    ]) {
      const response = await execute(server, AuditJobReportsDocument, { id: jobId, ...variables });
      expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const bad = await rawGet(`/assets/${jobId}/cumulative_emissions.svg?perSector=lots`);
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).toMatch(/perSector must be a whole number/);
  });

  it("are rendered once and then served from cache, with ETag, Cache-Control and HEAD", async () => {
    const path = pathOf(reports.assets?.sectorChartSvgUrl ?? "");
    const [a, b] = await Promise.all([rawGet(path), rawGet(path)]);
    const c = await rawGet(path);
    expect(new Set([a.headers.etag, b.headers.etag, c.headers.etag]).size).toBe(1);
    expect(c.headers["cache-control"]).toMatch(/immutable/);
    const outputs = readdirSync(join(server.dataDir, "outputs", jobId)).filter((f) =>
      f.startsWith("sector_emissions-"),
    );
    expect(outputs.filter((f) => f.endsWith(".svg"))).toHaveLength(1);
    const notModified = await rawGet(path, "GET", { "if-none-match": String(c.headers.etag) });
    expect(notModified.status).toBe(304);
    const head = await rawGet(path, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers["content-length"]).toBe(String(c.body.length));
  });
});

describe("asset requests that must not reach a file", () => {
  it.each([
    "/assets/../carbon-trace.db",
    "/assets/%2e%2e/carbon-trace.db",
    "/assets/JOB/..%2F..%2Fcarbon-trace.db",
    "/assets/JOB/%2e%2e%2fuploads",
    "/assets/JOB/../../carbon-trace.db",
    "/assets//etc/passwd",
    "/assets/JOB//etc/passwd",
    "/assets/JOB/secrets.csv",
    "/assets/JOB/audit_summary.csv/..",
    "/assets/JOB",
    "/assets/00000000-0000-4000-8000-000000000000/audit_summary.csv",
    "/assets/not-a-uuid/audit_summary.csv",
  ])("%s is 404", async (path) => {
    const response = await rawGet(path.replace("JOB", jobId));
    expect(response.status).toBe(404);
    expect(response.body.toString()).not.toContain("SQLite");
  });

  it("refuses other methods", async () => {
    const response = await rawGet(`/assets/${jobId}/audit_summary.csv`, "DELETE");
    expect(response.status).toBe(405);
  });

  it("answers 404 for a job that has not finished, and for one deleted", async () => {
    const busy = await startServer({ maxConcurrentAudits: 1 });
    const slow = await startSlowUpload(busy, csv("F1,Steel,1,1,1,coal,0"));
    try {
      const queued = await uploadFile(busy, UploadAuditDocument, csv("F2,Steel,1,1,1,coal,0"), {
        input: {},
      });
      const id = queued.data?.uploadAudit.job?.id ?? "";
      expect(queued.data?.uploadAudit.job?.status).toBe("QUEUED");
      const response = await fetch(`${busy.url}/assets/${id}/audit_summary.csv`);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/has not succeeded \(it is QUEUED\)/);
    } finally {
      await slow.finish();
      await busy.close();
    }
    const uploaded = await uploadFile(server, UploadAuditDocument, csv("F9,Steel,1,1,1,coal,0"));
    const id = uploaded.data?.uploadAudit.job?.id ?? "";
    const found = await fetchReports(id);
    expect((await rawGet(pathOf(found?.assets?.chartSvgUrl ?? ""))).status).toBe(200);
    await execute(server, DeleteAuditJobDocument, { id });
    expect((await rawGet(pathOf(found?.assets?.chartSvgUrl ?? ""))).status).toBe(404);
    expect(readdirSync(join(server.dataDir, "outputs"))).not.toContain(id);
  });
});

describe("PUBLIC_URL", () => {
  it("makes asset URLs absolute on the public origin", async () => {
    const behindProxy = await startServer({ publicUrl: "https://carbon.example.com" });
    try {
      const uploaded = await uploadFile(
        behindProxy,
        UploadAuditDocument,
        csv("F1,Steel,1,1,1,coal,0"),
      );
      const id = uploaded.data?.uploadAudit.job?.id ?? "";
      const found = (await execute(behindProxy, AuditJobReportsDocument, { id })).data?.auditJob;
      expect(found?.assets?.summaryCsvUrl).toBe(
        `https://carbon.example.com/assets/${id}/audit_summary.csv`,
      );
    } finally {
      await behindProxy.close();
    }
    expect(reports.assets?.chartPngUrl).toBe(
      `${server.url}/assets/${jobId}/cumulative_emissions.png`,
    );
  });
});

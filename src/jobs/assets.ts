import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type CumulativeChartInput,
  cumulativeChartSpec,
  type VegaLiteSpec,
} from "../reports/cumulativeChart.ts";
import { rowIssuesCsvHeader, rowIssuesCsvLine } from "../reports/rowIssuesCsv.ts";
import { sectorChartSpec } from "../reports/sectorChart.ts";
import { summaryCsvFileName, summaryCsvHeader, summaryCsvLine } from "../reports/summaryCsv.ts";
import type { AuditJobRecord } from "./jobTypes.ts";
import type { JobStore } from "./store/jobStore.ts";
import { renderInWorker } from "./worker/renderInWorker.ts";

/** The files a finished job serves, by the name in their URL. */
export const ASSET_FILES = {
  "audit_summary.csv": { contentType: "text/csv; charset=utf-8", inline: false },
  "row_issues.csv": { contentType: "text/csv; charset=utf-8", inline: false },
  "cumulative_emissions.svg": { contentType: "image/svg+xml", inline: true },
  "cumulative_emissions.png": { contentType: "image/png", inline: true },
  "sector_emissions.svg": { contentType: "image/svg+xml", inline: true },
  "sector_emissions.png": { contentType: "image/png", inline: true },
} as const;

export type AssetName = keyof typeof ASSET_FILES;

export function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(ASSET_FILES, name);
}

export interface ChartOptions {
  /** Default: the job's latest year. */
  readonly year?: number | null;
  /** Default: every sector of the job. */
  readonly sectors?: readonly string[] | null;
  /** Instead of the top emitters: these factories. */
  readonly factoryIds?: readonly string[] | null;
  /** Top emitters per sector; default 4, like the reference tool. */
  readonly perSector?: number | null;
}

export const DEFAULT_PER_SECTOR = 4;
export const MAX_PER_SECTOR = 20;
export const MAX_CHART_FACTORIES = 60;

/** Chart options a client got wrong; the message says how. */
export class AssetOptionsError extends Error {
  override readonly name = "AssetOptionsError";
}

export interface ServedAsset {
  readonly path: string;
  readonly contentType: string;
  readonly inline: boolean;
  /** The name a browser saves it under. */
  readonly downloadName: string;
  readonly size: number;
  readonly etag: string;
}

interface NormalizedOptions {
  readonly year: number;
  readonly sectors: readonly string[];
  readonly factoryIds: readonly string[] | null;
  readonly perSector: number;
}

/**
 * A finished job's downloadable files: rendered or written once, on first request, then
 * served from data/outputs/<job>/. Charts are cached per set of options. Concurrent first
 * requests share one rendering.
 */
export class JobAssets {
  readonly #store: JobStore;
  readonly #outputsDir: string;
  readonly #inFlight = new Map<string, Promise<ServedAsset>>();

  constructor(store: JobStore, outputsDir: string) {
    this.#store = store;
    this.#outputsDir = outputsDir;
  }

  async cumulativeChart(job: AuditJobRecord, options: ChartOptions = {}): Promise<VegaLiteSpec> {
    return cumulativeChartSpec(await this.#cumulativeInput(job, this.#normalize(job, options)));
  }

  async sectorChart(job: AuditJobRecord, year?: number | null): Promise<VegaLiteSpec> {
    const { year: chosen } = this.#normalize(job, { year });
    return sectorChartSpec({
      year: chosen,
      sectors: await this.#store.sectorTotals(job.id, chosen),
    });
  }

  /** The file, produced if this is its first request. */
  async file(
    job: AuditJobRecord,
    name: AssetName,
    options: ChartOptions = {},
  ): Promise<ServedAsset> {
    const normalized = name.endsWith(".csv") ? null : this.#normalize(job, options);
    const variant = normalized === null ? "" : `-${optionsKey(normalized)}`;
    const [base, extension] = name.split(".") as [string, string];
    const path = join(this.#outputsDir, job.id, `${base}${variant}.${extension}`);
    const existing = this.#inFlight.get(path);
    if (existing !== undefined) return existing;
    const produced = this.#produce(job, name, normalized, path).finally(() =>
      this.#inFlight.delete(path),
    );
    this.#inFlight.set(path, produced);
    return produced;
  }

  async #produce(
    job: AuditJobRecord,
    name: AssetName,
    options: NormalizedOptions | null,
    path: string,
  ): Promise<ServedAsset> {
    let info = await stat(path).catch(() => null);
    if (info === null) {
      await mkdir(join(this.#outputsDir, job.id), { recursive: true });
      const partial = `${path}.${process.pid}.tmp`;
      await this.#write(job, name, options, partial);
      await rename(partial, path);
      info = await stat(path);
    }
    const { contentType, inline } = ASSET_FILES[name];
    return {
      path,
      contentType,
      inline,
      downloadName: downloadName(job, name, options),
      size: info.size,
      etag: `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
    };
  }

  async #write(
    job: AuditJobRecord,
    name: AssetName,
    options: NormalizedOptions | null,
    path: string,
  ): Promise<void> {
    switch (name) {
      case "audit_summary.csv": {
        const provenance = job.provenance;
        if (provenance === null) throw new Error(`job ${job.id} has no provenance`);
        return writeLines(path, summaryCsvHeader(), this.#store.allFactories(job.id), (f) =>
          summaryCsvLine(f, provenance),
        );
      }
      case "row_issues.csv":
        return writeLines(
          path,
          rowIssuesCsvHeader(),
          this.#store.allIssues(job.id),
          rowIssuesCsvLine,
        );
      case "cumulative_emissions.svg":
      case "cumulative_emissions.png": {
        const spec = cumulativeChartSpec(
          await this.#cumulativeInput(job, options as NormalizedOptions),
        );
        return writeChart(path, spec, name);
      }
      case "sector_emissions.svg":
      case "sector_emissions.png": {
        return writeChart(path, await this.sectorChart(job, options?.year), name);
      }
    }
  }

  async #cumulativeInput(
    job: AuditJobRecord,
    options: NormalizedOptions,
  ): Promise<CumulativeChartInput> {
    const totals = await this.#store.sectorTotals(job.id, options.year);
    const sectors = totals
      .filter((t) => options.sectors.includes(t.sector))
      .map((t) => ({ sector: t.sector, capKg: t.capKg }));
    if (options.factoryIds !== null) {
      const chosen = await this.#store.factoriesById(job.id, options.year, options.factoryIds);
      const missing = options.factoryIds.filter((id) => !chosen.some((f) => f.factoryId === id));
      if (missing.length > 0) {
        throw new AssetOptionsError(
          `no audit in ${options.year} for factory ${missing.slice(0, 5).join(", ")}`,
        );
      }
      const shown = new Set(chosen.map((f) => f.sector));
      return {
        year: options.year,
        sectors: sectors.filter((s) => shown.has(s.sector)),
        factories: chosen,
        subtitle: "Selected factories; dashed lines: each sector's annual cap per factory",
      };
    }
    const top = await Promise.all(
      sectors.map(({ sector }) =>
        this.#store.topFactories(job.id, options.year, sector, options.perSector),
      ),
    );
    return {
      year: options.year,
      sectors,
      factories: top.flat(),
      subtitle: `Top ${options.perSector} emitters per sector; dashed lines: each sector's annual cap per factory`,
    };
  }

  #normalize(job: AuditJobRecord, options: ChartOptions): NormalizedOptions {
    const results = job.results;
    if (results === null) throw new AssetOptionsError(`audit job ${job.id} has no results yet`);
    const years = results.summary.years;
    const year = options.year ?? years.at(-1) ?? new Date().getUTCFullYear();
    if (!years.includes(year))
      throw new AssetOptionsError(`year ${year} is not in this audit (years: ${years.join(", ")})`);
    const known = results.sectorBreakdown.map((s) => s.sector);
    const sectors = options.sectors ?? known;
    const unknown = sectors.filter((s) => !known.includes(s));
    if (unknown.length > 0 || sectors.length === 0) {
      throw new AssetOptionsError(
        `sectors must be among ${known.join(", ")}; got ${sectors.join(", ") || "none"}`,
      );
    }
    const perSector = options.perSector ?? DEFAULT_PER_SECTOR;
    if (!Number.isInteger(perSector) || perSector < 1 || perSector > MAX_PER_SECTOR) {
      throw new AssetOptionsError(
        `perSector must be between 1 and ${MAX_PER_SECTOR}, got ${perSector}`,
      );
    }
    const factoryIds = options.factoryIds ?? null;
    if (
      factoryIds !== null &&
      (factoryIds.length === 0 || factoryIds.length > MAX_CHART_FACTORIES)
    ) {
      throw new AssetOptionsError(`factoryIds must name 1 to ${MAX_CHART_FACTORIES} factories`);
    }
    return {
      year,
      sectors: known.filter((s) => sectors.includes(s)),
      factoryIds: factoryIds === null ? null : [...new Set(factoryIds)].sort(),
      perSector,
    };
  }
}

function optionsKey(options: NormalizedOptions): string {
  return createHash("sha256").update(JSON.stringify(options)).digest("hex").slice(0, 16);
}

function downloadName(
  job: AuditJobRecord,
  name: AssetName,
  options: NormalizedOptions | null,
): string {
  const years = job.results?.summary.years ?? [];
  if (name === "audit_summary.csv") return summaryCsvFileName(years);
  const label =
    options === null
      ? summaryCsvFileName(years).replace(/^audit_summary_?|\.csv$/g, "")
      : String(options.year);
  const [base, extension] = name.split(".") as [string, string];
  return `${base === "row_issues" ? "audit_row_issues" : base}${label === "" ? "" : `_${label}`}.${extension}`;
}

/** A chart rendered off the main thread, written as SVG or PNG according to the file name. */
async function writeChart(path: string, spec: VegaLiteSpec, name: AssetName): Promise<void> {
  await writeFile(
    path,
    name.endsWith(".svg") ? await renderInWorker(spec, "svg") : await renderInWorker(spec, "png"),
  );
}

/** Lines gathered before a write: a stream write per line cost more than making the line. */
const WRITE_BYTES = 256 * 1024;

/** Writes a CSV a few hundred lines at a time, so a job of any size never becomes one string. */
async function writeLines<T>(
  path: string,
  header: string,
  items: AsyncIterable<T>,
  line: (item: T) => string,
): Promise<void> {
  const out = createWriteStream(path);
  const finished = once(out, "finish");
  const failed = once(out, "error").then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined); // awaited below; this only keeps a late error from going unhandled
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, "drain"), failed]);
  };
  try {
    let pending = header;
    for await (const item of items) {
      pending += line(item);
      if (pending.length >= WRITE_BYTES) {
        await write(pending);
        pending = "";
      }
    }
    await write(pending);
  } finally {
    out.end();
  }
  await Promise.race([finished, failed]);
}

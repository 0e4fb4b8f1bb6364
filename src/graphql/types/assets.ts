import { AssetOptionsError, type ChartOptions } from "../../jobs/assets.ts";
import type { AuditJobRecord } from "../../jobs/jobTypes.ts";
import type { VegaLiteSpec } from "../../reports/cumulativeChart.ts";
import { assetUrl } from "../../server/assetRoutes.ts";
import { builder } from "../builder.ts";
import { badInput } from "../errors.ts";
import { AuditJob } from "./auditJob.ts";

interface AssetsShape {
  readonly job: AuditJobRecord;
  readonly baseUrl: string;
}

export const AuditAssets = builder.objectRef<AssetsShape>("AuditAssets").implement({
  description:
    "Absolute URLs of the job's files: plain GETs (use them as <img src> or download links), rendered once and cached.",
  fields: (t) => ({
    summaryCsvUrl: t.string({
      description:
        "audit_summary_<year>.csv: the reference tool's columns, then cap, first exceeded month, months, provenance.",
      resolve: (a) => assetUrl(a.baseUrl, a.job.id, "audit_summary.csv"),
    }),
    rowIssuesCsvUrl: t.string({
      description:
        "Every stored issue of the cleaning report: line, column, value, code, severity, message.",
      resolve: (a) => assetUrl(a.baseUrl, a.job.id, "row_issues.csv"),
    }),
    chartSvgUrl: t.string({
      resolve: (a) => assetUrl(a.baseUrl, a.job.id, "cumulative_emissions.svg"),
    }),
    chartPngUrl: t.string({
      resolve: (a) => assetUrl(a.baseUrl, a.job.id, "cumulative_emissions.png"),
    }),
    sectorChartSvgUrl: t.string({
      resolve: (a) => assetUrl(a.baseUrl, a.job.id, "sector_emissions.svg"),
    }),
    sectorChartPngUrl: t.string({
      resolve: (a) => assetUrl(a.baseUrl, a.job.id, "sector_emissions.png"),
    }),
  }),
});

interface ChartShape {
  readonly spec: VegaLiteSpec;
  readonly svgUrl: string;
  readonly pngUrl: string;
}

export const EmissionsChart = builder.objectRef<ChartShape>("EmissionsChart").implement({
  description:
    "A chart as a Vega-Lite spec (hand it to vega-embed for the same chart, interactive) and as server-rendered SVG and PNG.",
  fields: (t) => ({
    vegaLiteSpec: t.field({ type: "JSON", resolve: (c) => c.spec }),
    svgUrl: t.exposeString("svgUrl"),
    pngUrl: t.exposeString("pngUrl", { description: "At least 1600 px wide." }),
  }),
});

/** Chart options a client got wrong become a BAD_USER_INPUT error. */
async function withChartOptions<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AssetOptionsError) throw badInput(error.message);
    throw error;
  }
}

const finished = (job: AuditJobRecord) => job.status === "SUCCEEDED" && job.results !== null;

builder.objectFields(AuditJob, (t) => ({
  assets: t.field({
    type: AuditAssets,
    nullable: true,
    description: "The job's downloadable files; null until SUCCEEDED.",
    resolve: (job, _args, { baseUrl }) => (finished(job) ? { job, baseUrl } : null),
  }),
  chart: t.field({
    type: EmissionsChart,
    nullable: true,
    description:
      "Cumulative emissions by month (t CO2) of the top emitters of each sector, with each sector's annual cap; null until SUCCEEDED.",
    args: {
      sectors: t.arg.stringList({ description: "Sectors to show; default all." }),
      factoryIds: t.arg.stringList({
        description: "Show these factories instead of the top emitters (at most 60).",
      }),
      perSector: t.arg.int({ description: "Top emitters per sector, 1–20; default 4." }),
      year: t.arg.int({ description: "Default: the audit's latest year." }),
    },
    resolve: (job, args, { assets, baseUrl }) =>
      withChartOptions(async () => {
        if (!finished(job)) return null;
        const options: ChartOptions = {
          sectors: args.sectors,
          factoryIds: args.factoryIds,
          perSector: args.perSector,
          year: args.year,
        };
        return {
          spec: await assets.cumulativeChart(job, options),
          svgUrl: assetUrl(baseUrl, job.id, "cumulative_emissions.svg", options),
          pngUrl: assetUrl(baseUrl, job.id, "cumulative_emissions.png", options),
        };
      }),
  }),
  sectorChart: t.field({
    type: EmissionsChart,
    nullable: true,
    description:
      "Total emissions per sector against the sum of its factories' caps; null until SUCCEEDED.",
    args: { year: t.arg.int({ description: "Default: the audit's latest year." }) },
    resolve: (job, args, { assets, baseUrl }) =>
      withChartOptions(async () => {
        if (!finished(job)) return null;
        return {
          spec: await assets.sectorChart(job, args.year),
          svgUrl: assetUrl(baseUrl, job.id, "sector_emissions.svg", { year: args.year }),
          pngUrl: assetUrl(baseUrl, job.id, "sector_emissions.png", { year: args.year }),
        };
      }),
  }),
}));

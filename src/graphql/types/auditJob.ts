import type { AuditJobRecord, JobError as JobErrorShape } from "../../jobs/jobTypes.ts";
import { progressOf } from "../../jobs/progress.ts";
import { cursors } from "../../jobs/store/jobStore.ts";
import type { Provenance as ProvenanceShape } from "../../pipeline/auditCsv.ts";
import { builder } from "../builder.ts";
import { connectionType, toConnection } from "../connection.ts";
import { jobId as jobIdArg, pageSize, withCursor } from "../errors.ts";
import { AuditJobProgress } from "./auditJobProgress.ts";
import { CleaningReport } from "./cleaningReport.ts";
import { AuditJobStatus, ComplianceStatus } from "./enums.ts";
import { FactoryAudit, FactoryAuditConnection } from "./factoryAudit.ts";
import { AuditSummary, SectorBreakdown, SectorViolators } from "./summary.ts";

export const JobError = builder.objectRef<JobErrorShape>("JobError").implement({
  description: "Why a job FAILED.",
  fields: (t) => ({
    code: t.exposeString("code"),
    message: t.exposeString("message"),
  }),
});

export const Provenance = builder.objectRef<ProvenanceShape>("Provenance").implement({
  description: "What a result was computed from, to reproduce or verify it.",
  fields: (t) => ({
    inputSha256: t.exposeString("inputSha256"),
    inputBytes: t.exposeFloat("inputBytes"),
    factorSetVersion: t.exposeString("factorSetVersion"),
    factorSetSha256: t.exposeString("factorSetSha256"),
  }),
});

export const AuditJob = builder.objectRef<AuditJobRecord>("AuditJob").implement({
  description: "One uploaded file and its audit. Result fields are null or empty until SUCCEEDED.",
  fields: (t) => ({
    id: t.exposeID("id"),
    status: t.field({ type: AuditJobStatus, resolve: (j) => j.status }),
    fileName: t.exposeString("fileName"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    finishedAt: t.expose("finishedAt", { type: "DateTime", nullable: true }),
    progress: t.field({ type: AuditJobProgress, resolve: progressOf }),
    error: t.field({ type: JobError, nullable: true, resolve: (j) => j.error }),
    provenance: t.field({ type: Provenance, nullable: true, resolve: (j) => j.provenance }),
    summary: t.field({
      type: AuditSummary,
      nullable: true,
      resolve: (j) => j.results?.summary ?? null,
    }),
    sectorBreakdown: t.field({
      type: [SectorBreakdown],
      description: "One entry per sector found, by sector name.",
      resolve: (j) => [...(j.results?.sectorBreakdown ?? [])],
    }),
    violatorsBySector: t.field({
      type: [SectorViolators],
      args: { first: t.arg.int({ description: "Violators per sector, 1–500; default 10." }) },
      resolve: (j, args) => {
        const first = pageSize(args.first, 10);
        return (j.results?.sectorBreakdown ?? []).map(({ sector }) => ({
          jobId: j.id,
          sector,
          count: j.results?.violatorCounts[sector] ?? 0,
          first,
        }));
      },
    }),
    factories: t.field({
      type: FactoryAuditConnection,
      description: "Factory-years ordered by factory id, then year.",
      args: {
        sector: t.arg.string(),
        status: t.arg({ type: ComplianceStatus }),
        first: t.arg.int({ description: "Page size, 1–500; default 50." }),
        after: t.arg.string(),
      },
      resolve: (j, args, { jobs }) =>
        withCursor(async () =>
          toConnection(
            await jobs.store.factories(
              j.id,
              { sector: args.sector, status: args.status },
              pageSize(args.first, 50),
              args.after ?? null,
            ),
            cursors.factory,
          ),
        ),
    }),
    factory: t.field({
      type: FactoryAudit,
      nullable: true,
      description: "One factory with its monthly series: the given year, or its latest.",
      args: { factoryId: t.arg.string({ required: true }), year: t.arg.int() },
      resolve: (j, args, { jobs }) => jobs.store.factory(j.id, args.factoryId, args.year ?? null),
    }),
    cleaningReport: t.field({
      type: CleaningReport,
      nullable: true,
      resolve: (j) => (j.cleaning === null ? null : { ...j.cleaning, jobId: j.id }),
    }),
  }),
});

export const AuditJobConnection = connectionType("AuditJob", AuditJob);

builder.queryFields((t) => ({
  auditJob: t.field({
    type: AuditJob,
    nullable: true,
    description: "A job by id; null when there is none.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { jobs, cacheHints }) => {
      const seen = (job: AuditJobRecord | null) => {
        if (job !== null && (job.status === "SUCCEEDED" || job.status === "FAILED"))
          cacheHints.jobs.add(job.id);
        else cacheHints.uncacheable = true;
        return job;
      };
      const found = jobs.store.getJob(jobIdArg(String(args.id)));
      return found instanceof Promise ? found.then(seen) : seen(found);
    },
  }),
  auditJobs: t.field({
    type: AuditJobConnection,
    description: "Jobs, newest first.",
    args: {
      first: t.arg.int({ description: "Page size, 1–500; default 20." }),
      after: t.arg.string(),
    },
    resolve: (_root, args, { jobs }) =>
      withCursor(async () =>
        toConnection(
          await jobs.store.listJobs(pageSize(args.first, 20), args.after ?? null),
          cursors.job,
        ),
      ),
  }),
}));

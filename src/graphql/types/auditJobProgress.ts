import type { JobStage } from "../../jobs/jobTypes.ts";
import { type JobProgress, progressOf } from "../../jobs/progress.ts";
import { builder } from "../builder.ts";
import { badInput, jobId } from "../errors.ts";
import { AuditJobStage, AuditJobStatus } from "./enums.ts";

const stageName = (stage: JobStage) => stage.toUpperCase() as Uppercase<JobStage>;

export const AuditJobProgress = builder.objectRef<JobProgress>("AuditJobProgress").implement({
  description:
    "Where a job is. `percent` never goes back; rows and bytes count what was read so far.",
  fields: (t) => ({
    jobId: t.exposeID("jobId"),
    status: t.field({ type: AuditJobStatus, resolve: (p) => p.status }),
    stage: t.field({ type: AuditJobStage, resolve: (p) => stageName(p.stage) }),
    rowsProcessed: t.exposeInt("rowsProcessed"),
    bytesProcessed: t.exposeFloat("bytesProcessed", {
      description: "Bytes (a Float: files may pass 2 GiB).",
    }),
    totalBytes: t.exposeFloat("totalBytes", { nullable: true }),
    percent: t.exposeInt("percent", { description: "0–100." }),
  }),
});

builder.subscriptionType({ description: "Live updates, over Server-Sent Events or graphql-ws." });

builder.subscriptionField("auditJobProgress", (t) =>
  t.field({
    type: AuditJobProgress,
    description:
      "The job's current state at once, then an event at every stage change and at most every 250 ms while rows are read; completes after SUCCEEDED or FAILED. An unknown job is an error (NOT_FOUND).",
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, args, { jobs }) => {
      const id = jobId(String(args.id));
      const job = await jobs.store.getJob(id);
      if (job === null) throw badInput(`there is no audit job ${id}`, "NOT_FOUND");
      return jobs.events.follow(id, async () => {
        const live = jobs.events.latest(id);
        if (live !== undefined) return live;
        const stored = await jobs.store.getJob(id);
        if (stored === null) throw badInput(`audit job ${id} was deleted`, "NOT_FOUND");
        return progressOf(stored);
      });
    },
    resolve: (progress) => progress,
  }),
);

import type { FileUpload } from "graphql-upload-minimal";
import { MAX_YEAR, MIN_YEAR } from "../../ingest/values.ts";
import { isJobId } from "../../jobs/jobService.ts";
import type { AuditJobRecord } from "../../jobs/jobTypes.ts";
import { builder } from "../builder.ts";
import { AuditJob } from "./auditJob.ts";
import {
  USER_ERROR_CODES,
  UserError,
  type UserErrorCode,
  type UserErrorShape,
  userError,
} from "./userError.ts";

const UploadAuditInput = builder.inputType("UploadAuditInput", {
  fields: (t) => ({
    year: t.int({
      description: `Year for rows that give none (${MIN_YEAR}–${MAX_YEAR}); default: the current year.`,
    }),
    awaitCompletion: t.boolean({
      description:
        "Answer only when the audit has finished (default false: answer once the file is stored).",
    }),
  }),
});

interface UploadAuditPayloadShape {
  readonly job: AuditJobRecord | null;
  readonly userErrors: readonly UserErrorShape[];
}

const UploadAuditPayload = builder
  .objectRef<UploadAuditPayloadShape>("UploadAuditPayload")
  .implement({
    fields: (t) => ({
      job: t.field({ type: AuditJob, nullable: true, resolve: (p) => p.job }),
      userErrors: t.field({ type: [UserError], resolve: (p) => [...p.userErrors] }),
    }),
  });

const failed = (error: UserErrorShape): UploadAuditPayloadShape => ({
  job: null,
  userErrors: [error],
});

const isUserErrorCode = (code: string): code is UserErrorCode =>
  (USER_ERROR_CODES as readonly string[]).includes(code);

builder.mutationField("uploadAudit", (t) =>
  t.field({
    type: UploadAuditPayload,
    description:
      "Uploads a CSV of monthly production (GraphQL multipart request). The file is cleaned as it streams in and stored; a file that cannot be audited comes back as userErrors and leaves nothing behind.",
    args: {
      file: t.arg({ type: "Upload", required: true }),
      input: t.arg({ type: UploadAuditInput }),
    },
    resolve: async (_root, args, { jobs }) => {
      const year = args.input?.year ?? null;
      let upload: FileUpload;
      try {
        upload = await args.file;
      } catch (error) {
        return failed(
          userError("UPLOAD_INTERRUPTED", `the file did not arrive: ${(error as Error).message}`, {
            field: ["file"],
          }),
        );
      }
      const stream = upload.createReadStream();
      if (year !== null && (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)) {
        stream.resume();
        return failed(
          userError(
            "INVALID_YEAR",
            `year must be between ${MIN_YEAR} and ${MAX_YEAR}, got ${year}`,
            { field: ["input", "year"] },
          ),
        );
      }
      const result = await jobs.submitUpload({
        fileName: upload.filename,
        stream,
        year,
        awaitCompletion: args.input?.awaitCompletion ?? false,
      });
      if ("job" in result) return { job: result.job, userErrors: [] };
      const { code, message, line } = result.rejection;
      if (!isUserErrorCode(code)) throw new Error(`unmapped upload rejection ${code}: ${message}`);
      return failed(userError(code, message, { field: ["file"], line: line ?? null }));
    },
  }),
);

interface DeleteAuditJobPayloadShape {
  readonly deletedJobId: string | null;
  readonly userErrors: readonly UserErrorShape[];
}

const DeleteAuditJobPayload = builder
  .objectRef<DeleteAuditJobPayloadShape>("DeleteAuditJobPayload")
  .implement({
    fields: (t) => ({
      deletedJobId: t.exposeID("deletedJobId", { nullable: true }),
      userErrors: t.field({ type: [UserError], resolve: (p) => [...p.userErrors] }),
    }),
  });

builder.mutationField("deleteAuditJob", (t) =>
  t.field({
    type: DeleteAuditJobPayload,
    description: "Deletes a finished job, its results and its stored upload.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, { jobs }) => {
      const id = String(args.id);
      const fail = (code: UserErrorCode, message: string) => ({
        deletedJobId: null,
        userErrors: [userError(code, message, { field: ["id"] })],
      });
      if (!isJobId(id))
        return fail("INVALID_ID", `"${id.slice(0, 60)}" is not an audit job id (a UUID)`);
      const outcome = await jobs.deleteJob(id);
      if (outcome === "not-found") return fail("NOT_FOUND", `there is no audit job ${id}`);
      if (outcome === "running")
        return fail(
          "JOB_NOT_FINISHED",
          `audit job ${id} is still running; delete it when it has finished`,
        );
      return { deletedJobId: id, userErrors: [] };
    },
  }),
);

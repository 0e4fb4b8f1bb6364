import { makeProgress, ProgressThrottle } from "../jobs/progress.ts";
import type { AuditProgress } from "../pipeline/auditCsv.ts";

/**
 * A one-line progress indicator on a terminal, fed by the same progress events and the same
 * 250 ms throttle and percent scale as the server's auditJobProgress subscription.
 */
export function createProgressIndicator(stream: NodeJS.WriteStream): {
  update(progress: AuditProgress): void;
  done(): void;
} {
  let drawn = false;
  const throttle = new ProgressThrottle((progress) => {
    stream.write(
      `\r${progress.stage} ${progress.percent}%: ${progress.rowsProcessed.toLocaleString("en-US")} rows\x1b[K`,
    );
    drawn = true;
  });
  return {
    update(p) {
      throttle.update(
        makeProgress("cli", "RUNNING", p.stage, p.rowsProcessed, p.bytesProcessed, p.totalBytes),
      );
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}

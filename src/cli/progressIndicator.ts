import type { AuditProgress } from "../pipeline/auditCsv.ts";

const INTERVAL_MS = 250;

/** A one-line progress indicator on a terminal, redrawn at most every 250 ms. */
export function createProgressIndicator(stream: NodeJS.WriteStream): {
  update(progress: AuditProgress): void;
  done(): void;
} {
  let lastDraw = 0;
  let drawn = false;
  return {
    update(progress) {
      const now = Date.now();
      if (now - lastDraw < INTERVAL_MS && progress.stage === "cleaning") return;
      lastDraw = now;
      const percent =
        progress.totalBytes !== null && progress.totalBytes > 0
          ? ` ${Math.floor((100 * progress.bytesProcessed) / progress.totalBytes)}%`
          : "";
      stream.write(
        `\r${progress.stage}${percent}: ${progress.rowsProcessed.toLocaleString("en-US")} rows\x1b[K`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}

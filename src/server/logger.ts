export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** Timestamped lines on stderr, at and above the given level. */
export function createLogger(level: LogLevel): Logger {
  const at = (name: Exclude<LogLevel, "silent">) =>
    RANK[name] < RANK[level]
      ? () => undefined
      : (...args: unknown[]) => {
          const text = args
            .map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a)))
            .join(" ");
          process.stderr.write(`${new Date().toISOString()} ${name.toUpperCase()} ${text}\n`);
        };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

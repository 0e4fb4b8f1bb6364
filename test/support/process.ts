import { type ChildProcess, spawn } from "node:child_process";
import { REPO_ROOT } from "./fixtures.ts";

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly graphqlUrl: string;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
}

/** `npm start`'s entry point as a child process; resolves once it says where it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      AUDIT_WORKER_MIN_BYTES: "0",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match?.[1] !== undefined) {
        resolve({
          child,
          url: match[1],
          graphqlUrl: `${match[1]}/graphql`,
          output: () => output,
          exited: () => exit,
        });
      }
    });
    void exit.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

import { SectorConfigError } from "../config/sectorConfig.ts";
import { createApp } from "./app.ts";
import { EnvError, readServerConfig } from "./env.ts";

/** How long a shutdown waits for running audits before giving up on them. */
const SHUTDOWN_GRACE_MS = 30_000;

async function main(): Promise<void> {
  const config = readServerConfig();
  const app = await createApp(config);
  const address = await app.listen();
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  app.logger.info(
    `Carbon-Trace listening on http://${host}:${address.port}/graphql (data in ${config.dataDir})`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info(`${signal}: finishing running audits, then stopping`);
    const forced = setTimeout(() => {
      app.logger.warn("running audits did not finish in time; they resume at the next start");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error("shutdown failed", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  const known = error instanceof EnvError || error instanceof SectorConfigError;
  process.stderr.write(
    `carbon-trace: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});

// Starts a TypeScript worker when the server runs from source (tsx, vitest): worker threads
// do not inherit the parent's loader, so this registers tsx before importing the entry.
// The built server (dist/) starts the compiled worker directly and never loads this file.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);

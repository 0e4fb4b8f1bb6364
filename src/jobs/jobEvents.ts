import { createPubSub, Repeater } from "graphql-yoga";
import { isLaterThan, type JobProgress, TERMINAL } from "./progress.ts";

/**
 * Progress events of running jobs, in process. The pub/sub is yoga's, which can be backed
 * by Redis so that several instances share events; the latest event of each running job is
 * kept so a late subscriber starts from the present.
 */
export class JobEvents {
  readonly #pubsub = createPubSub<{ progress: [jobId: string, progress: JobProgress] }>();
  readonly #latest = new Map<string, JobProgress>();

  publish(progress: JobProgress): void {
    if (TERMINAL.has(progress.status)) this.#latest.delete(progress.jobId);
    else this.#latest.set(progress.jobId, progress);
    this.#pubsub.publish("progress", progress.jobId, progress);
  }

  /** The latest progress of a job running in this process, if it is. */
  latest(jobId: string): JobProgress | undefined {
    return this.#latest.get(jobId);
  }

  /**
   * The job's current state, then each later event, ending after the terminal one.
   * `current` is read after the subscription starts, so no event falls between the two.
   */
  follow(jobId: string, current: () => Promise<JobProgress>): AsyncIterable<JobProgress> {
    const events = this.#pubsub.subscribe("progress", jobId);
    return new Repeater<JobProgress>(async (push, stop) => {
      const iterator = events[Symbol.asyncIterator]();
      void stop.then(() => iterator.return?.());
      try {
        // The first next() starts listening; only then is the current state read.
        const first = iterator.next();
        let last = await current();
        await push(last);
        if (TERMINAL.has(last.status)) return stop();
        for (let next = await first; next.done !== true; next = await iterator.next()) {
          if (!isLaterThan(next.value, last)) continue;
          last = next.value;
          await push(last);
          if (TERMINAL.has(last.status)) break;
        }
        stop();
      } catch (error) {
        stop(error);
      } finally {
        await iterator.return?.();
      }
    });
  }
}

// Crash detection, on a timer: a running run not heard from for a while is marked crashed. Reads never do it, so a
// page load writes nothing and a burst of reads never queues on the rows the trainers are writing.
import type { Db } from '@mnist-lab/db';
import { markCrashed } from './run-state';

/** How often running runs are checked for stale heartbeats: a dead run shows as crashed at most this late. */
export const REAP_EVERY_MS = 5_000;

/** Marks running runs whose last heartbeat is older than `olderThanSeconds` as crashed; returns how many. */
export function reapCrashedRuns(db: Db, olderThanSeconds: number): Promise<number> {
  const now = new Date();
  return markCrashed(db, now, new Date(now.getTime() - olderThanSeconds * 1000));
}

export interface CrashDetection {
  stop(): void;
}

/**
 * Reaps every `everyMs` until stopped; a tick still running when the next is due is not doubled. A store outage is
 * logged once when it starts, not on every tick.
 */
export function startCrashDetection(db: Db, olderThanSeconds: number, log: (line: string) => void, everyMs = REAP_EVERY_MS): CrashDetection {
  let busy = false;
  let failing = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    reapCrashedRuns(db, olderThanSeconds)
      .then(
        () => (failing = false),
        (error: unknown) => {
          if (!failing) log(`crash detection paused: ${error instanceof Error ? error.message.split('\n').at(-1) : String(error)}`);
          failing = true;
        },
      )
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

// `mnist-lab sync`: uploads what offline or interrupted runs left in the spool, in order, exactly once per event.
import type { Transport } from './events';
import { RejectedError } from './events';
import { Spool } from './spool';

export interface SyncResult {
  runs: number;
  sent: number;
  rejected: number;
  left: number;
  skippedLive: number;
}

export async function syncSpool(spoolDir: string, transport: Transport, log: (line: string) => void): Promise<SyncResult> {
  const result: SyncResult = { runs: 0, sent: 0, rejected: 0, left: 0, skippedLive: 0 };
  for (const runId of Spool.runIds(spoolDir)) {
    const spool = new Spool(spoolDir, runId);
    if (spool.isLockedByLiveProcess()) {
      result.skippedLive++;
      continue;
    }
    const events = spool.pending();
    result.runs++;
    let i = 0;
    for (; i < events.length; i++) {
      const { seq, event } = events[i];
      try {
        await transport.send(event);
        result.sent++;
      } catch (e) {
        if (!(e instanceof RejectedError)) {
          // Stop at the first transient failure so that order is kept; the rest waits for the next sync.
          result.left += events.length - i;
          log(`run ${runId}: ${(e as Error).message}; ${events.length - i} events left`);
          break;
        }
        result.rejected++;
        log(`run ${runId}: server rejected ${event.kind} event #${seq}: ${e.message}`);
      }
      spool.ack(seq);
    }
    if (i === events.length) {
      spool.remove();
      log(`run ${runId}: ${events.length} events uploaded`);
    }
    if (result.left > 0) {
      result.left += Spool.runIds(spoolDir).filter((r) => r > runId).reduce((n, r) => n + new Spool(spoolDir, r).pending().length, 0);
      break;
    }
  }
  return result;
}

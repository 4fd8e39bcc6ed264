// `mnist-lab sync` and syncSpool(): upload what offline or interrupted runs left in the spool, in order, exactly once per event.
import { upgradeLegacyCreateRun, type CreateRun } from '@mnist-lab/contracts';
import type { SpooledEvent, TrackingEvent, Transport } from './events';
import { nextRequest, RejectedError } from './events';
import { resolveSettings } from './settings';
import { Spool } from './spool';
import { TrackingServer, trackingTransport } from './transport/tracking-server';

export interface SyncResult {
  runs: number;
  sent: number;
  rejected: number;
  left: number;
  skippedLive: number;
}

export interface SyncOptions {
  /** Default: MNIST_LAB_SERVER, else http://localhost:3000. */
  server?: string;
  /** Default: MNIST_LAB_TOKEN, else the token file in MNIST_LAB_HOME (~/.mnist-lab). */
  token?: string;
  /** Default: the spool folder in MNIST_LAB_HOME. */
  spoolDir?: string;
  /** Progress lines; default: none. */
  log?: (line: string) => void;
}

/** Uploads every spooled run that no live process is still writing, and says what was sent and what is left. */
export async function syncSpool(options: SyncOptions = {}): Promise<SyncResult> {
  const s = resolveSettings(options);
  return syncEvents(s.spoolDir, trackingTransport(new TrackingServer(s.server, s.token)), options.log ?? (() => undefined));
}

/** Spools written before runs had a config named it `hyperparams`: their create events are upgraded on the way out. */
function upgraded(e: TrackingEvent): TrackingEvent {
  return e.kind === 'create' ? { kind: 'create', payload: upgradeLegacyCreateRun(e.payload) as CreateRun } : e;
}

export async function syncEvents(spoolDir: string, transport: Transport, log: (line: string) => void): Promise<SyncResult> {
  const result: SyncResult = { runs: 0, sent: 0, rejected: 0, left: 0, skippedLive: 0 };
  for (const runId of Spool.runIds(spoolDir)) {
    const spool = new Spool(spoolDir, runId);
    if (spool.isLockedByLiveProcess()) {
      result.skippedLive++;
      continue;
    }
    const events: SpooledEvent[] = spool.pending();
    result.runs++;
    let i = 0;
    while (i < events.length) {
      const { event, last } = nextRequest(events, i);
      const count = last - i + 1;
      try {
        await transport.send(upgraded(event));
        result.sent += count;
      } catch (e) {
        if (!(e instanceof RejectedError)) {
          // Stop at the first transient failure (or a refused token) so that order is kept; the rest waits for the next sync.
          log(`run ${runId}: ${(e as Error).message}; ${events.length - i} events left`);
          break;
        }
        result.rejected += count;
        log(`run ${runId}: server rejected ${event.kind} event #${events[i].seq}: ${e.message}`);
      }
      spool.ack(events[last].seq);
      i = last + 1;
    }
    if (i === events.length) {
      spool.remove();
      log(`run ${runId}: ${events.length} events uploaded`);
      continue;
    }
    result.left += events.length - i;
    result.left += Spool.runIds(spoolDir)
      .filter((r) => r > runId)
      .reduce((n, r) => n + new Spool(spoolDir, r).pending().length, 0);
    break;
  }
  return result;
}

// Sends a run's events in order without ever blocking training: spooled first, retried with backoff, drained at the end.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SpooledEvent, TrackingEvent, Transport } from './events';
import { nextRequest, RejectedError, UnauthorizedError, validateEvent } from './events';
import { Spool } from './spool';

export interface TrackerOptions {
  runId: string;
  spoolDir: string;
  /** Absent when offline: events are only spooled, for `mnist-lab sync`. */
  transport?: Transport;
  log: (line: string) => void;
  heartbeatMs?: number;
  maxBackoffMs?: number;
  /** A sweep trial's attempt: stamped on every event and heartbeat (the server's fencing token). */
  attempt?: number;
}

export class Tracker {
  private readonly spool: Spool;
  private readonly queue: SpooledEvent[] = [];
  private seq = 0;
  private pumping?: Promise<void>;
  private failures = 0;
  /** The server refused the token: stop sending; everything stays spooled. */
  private refused = false;
  private closed = false;
  private heartbeat?: NodeJS.Timeout;
  private wake?: () => void;
  sent = 0;

  constructor(private readonly opts: TrackerOptions) {
    this.spool = new Spool(opts.spoolDir, opts.runId);
    this.spool.lock();
    if (opts.transport) {
      const t = opts.transport;
      let beating = false;
      this.heartbeat = setInterval(() => {
        // Heartbeats are best-effort and never spooled: a late one carries no information. They go on while the
        // server is unreachable, one at a time: the first that gets through ends the events' backoff at once, so a
        // restarted server hears from the run within a heartbeat rather than after a backoff of up to 30 s (which
        // could outlast a sweep trial's lease).
        if (this.refused || beating) return;
        beating = true;
        t.heartbeat(opts.runId, opts.attempt).then(
          () => {
            beating = false;
            if (this.failures > 0) this.wake?.();
          },
          () => (beating = false),
        );
      }, opts.heartbeatMs ?? 2_000);
      this.heartbeat.unref();
    }
  }

  get spoolFile(): string {
    return this.spool.file;
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  /** Events the server has not acknowledged (offline: all of them). */
  get unsentCount(): number {
    return this.seq - this.sent;
  }

  /** Spools and queues an event; `trusted` skips the schema for point batches whose every point was checked at `run.log`. */
  enqueue(event: TrackingEvent, trusted = false): void {
    if (this.closed) throw new Error(`the run ${this.opts.runId} has ended; no more events can be sent`);
    const stamped = this.opts.attempt === undefined ? event : ({ ...event, payload: { ...event.payload, attempt: this.opts.attempt } } as TrackingEvent);
    const valid = trusted ? stamped : validateEvent(stamped);
    const seq = ++this.seq;
    this.spool.append(seq, valid);
    if (!this.opts.transport || this.refused) return;
    this.queue.push({ seq, event: valid });
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  private async pump(): Promise<void> {
    const t = this.opts.transport;
    if (!t) return;
    while (this.queue.length > 0 && !this.refused) {
      const { event, last } = nextRequest(this.queue, 0);
      try {
        await t.send(event);
      } catch (e) {
        if (e instanceof UnauthorizedError) {
          this.refused = true;
          this.opts.log(`tracking: ${e.message}; nothing more is sent, every event stays in ${this.spool.file} for \`mnist-lab sync\``);
          return;
        }
        if (e instanceof RejectedError) {
          // The server refused this request for good; keep going so one bad event cannot hold back the rest.
          this.opts.log(`tracking: server rejected ${event.kind} event: ${e.message}`);
        } else {
          if (this.failures === 0) {
            this.opts.log(`tracking: server unreachable (${(e as Error).message}); training goes on, events spooled to ${this.spool.file}`);
          }
          this.failures++;
          if (this.closed) return;
          const backoff = Math.min(this.opts.maxBackoffMs ?? 30_000, 250 * 2 ** Math.min(this.failures, 10));
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            sleep(backoff, undefined, { ref: false }).then(resolve);
          });
          this.wake = undefined;
          continue;
        }
      }
      if (this.failures > 0) this.opts.log('tracking: server reachable again, uploading spooled events');
      this.failures = 0;
      this.spool.ack(this.queue[last].seq);
      this.sent += last + 1;
      this.queue.splice(0, last + 1);
    }
  }

  /** Waits up to `timeoutMs` for the queue to drain without closing; returns how many events are still queued. */
  async flush(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && this.failures === 0 && !this.refused && Date.now() < deadline) {
      await Promise.race([this.pumping ?? Promise.resolve(), sleep(50)]);
    }
    return this.queue.length;
  }

  /** Waits up to `timeoutMs` for everything to be sent; returns how many events are left in the spool. */
  async close(timeoutMs = 15_000): Promise<number> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.opts.transport && this.queue.length > 0 && !this.refused) {
      // Retry at once rather than waiting out a long backoff.
      this.failures = Math.min(this.failures, 1);
      this.wake?.();
      const deadline = Date.now() + timeoutMs;
      while (this.queue.length > 0 && !this.refused && Date.now() < deadline) {
        await Promise.race([this.pumping ?? Promise.resolve(), sleep(200)]);
        if (!this.pumping && this.queue.length > 0 && !this.refused) this.pumping = this.pump().finally(() => (this.pumping = undefined));
      }
    }
    this.closed = true;
    this.wake?.();
    // Offline, nothing is sent; refused, the events after the refusal were never queued: either way, all not acknowledged.
    const left = this.unsentCount;
    this.spool.unlock();
    if (left === 0) this.spool.remove();
    return left;
  }
}

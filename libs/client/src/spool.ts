// The local write-ahead spool: every event is appended before it is sent, and acknowledged once the server has it.
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpooledEvent, TrackingEvent } from './events';

export class Spool {
  readonly file: string;
  private readonly ackFile: string;
  private readonly lockFile: string;

  constructor(
    readonly dir: string,
    readonly runId: string,
  ) {
    this.file = path.join(dir, `${runId}.jsonl`);
    this.ackFile = path.join(dir, `${runId}.acked`);
    this.lockFile = path.join(dir, `${runId}.lock`);
  }

  static runIds(dir: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length))
      .sort();
  }

  append(seq: number, event: TrackingEvent): void {
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(this.file, JSON.stringify({ seq, event } satisfies SpooledEvent) + '\n');
  }

  /** Highest sequence number the server has acknowledged (events are sent strictly in order). */
  acked(): number {
    if (!existsSync(this.ackFile)) return 0;
    const n = Number(readFileSync(this.ackFile, 'utf8').trim());
    return Number.isInteger(n) ? n : 0;
  }

  ack(seq: number): void {
    writeFileSync(this.ackFile, String(seq));
  }

  pending(): SpooledEvent[] {
    if (!existsSync(this.file)) return [];
    const acked = this.acked();
    const out: SpooledEvent[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as SpooledEvent;
        if (e.seq > acked) out.push(e);
      } catch {
        // A line cut short by a crash mid-write is the last one: nothing after it was acknowledged or sent.
        break;
      }
    }
    return out;
  }

  /** Marks the spool as in use by a live trainer, so `mnist-lab sync` leaves it alone. */
  lock(): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.lockFile, String(process.pid));
  }

  isLockedByLiveProcess(): boolean {
    if (!existsSync(this.lockFile)) return false;
    const pid = Number(readFileSync(this.lockFile, 'utf8'));
    if (!Number.isInteger(pid) || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  unlock(): void {
    rmSync(this.lockFile, { force: true });
  }

  remove(): void {
    for (const f of [this.file, this.ackFile, this.lockFile]) rmSync(f, { force: true });
  }
}

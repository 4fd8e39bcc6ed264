// Group commit for logEpoch: epochs of different runs that arrive while the store is busy are written in one
// statement (point-writes.ts), and each request is answered when that statement has committed. With 8 writers back
// to back, one statement per epoch cost PostgreSQL about 0.65 ms of CPU each on this 2-core machine, as much as the
// server's whole request; folded together (about three epochs a statement), the statement's fixed cost (parse,
// plan, commit, WAL flush) is paid once per group. Nothing waits on a timer: a write that finds the store idle goes
// at once, and later ones gather while it is in flight.
import type { Db } from '@mnist-lab/db';
import { storeWrites, type PointWrite, type WriteOutcome } from './point-writes';

/** Writes per statement: a few dozen epochs of up to 64 metrics, a statement PostgreSQL plans and runs in milliseconds. */
const MAX_GROUP = 32;
/**
 * One statement in flight, unless it has taken this long: then it is waiting on a row lock (a run's finish holds its
 * row for its transaction) and the other runs' epochs go on in a statement of their own rather than queue behind it.
 * Two in flight at all times, measured with 8 writers back to back, left three groups in four of one write.
 */
const STALLED_AFTER_MS = 50;

interface Waiting {
  write: PointWrite;
  done: (outcome: WriteOutcome) => void;
}

export class GroupCommit {
  private waiting: Waiting[] = [];
  /** Runs with a write in a statement in flight: a run's next write waits for it, so a run's writes keep their order. */
  private readonly busyRuns = new Set<string>();
  /** Statements in flight and not stalled. */
  private running = 0;

  /** `store` is storeWrites; a spec passes a wrapper to see the groups. */
  constructor(
    private readonly db: Db,
    private readonly store: (db: Db, writes: readonly PointWrite[]) => Promise<WriteOutcome[]> = storeWrites,
  ) {}

  /** Resolves with the write's own outcome once its statement has committed (or failed); never rejects. */
  submit(write: PointWrite): Promise<WriteOutcome> {
    return new Promise((done) => {
      this.waiting.push({ write, done });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running > 0 || this.waiting.length === 0) return;
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    // One UPDATE takes a row once, so a group holds one write per run.
    const seen = new Set<string>();
    for (const w of this.waiting) {
      const id = w.write.runId;
      if (group.length < MAX_GROUP && !seen.has(id) && !this.busyRuns.has(id)) group.push(w);
      else rest.push(w);
      seen.add(id);
    }
    if (group.length === 0) return;
    this.waiting = rest;
    // Rows locked in id order, as runs.archive locks them, so that two multi-row writers do not deadlock.
    group.sort((a, b) => (a.write.runId < b.write.runId ? -1 : a.write.runId > b.write.runId ? 1 : 0));
    void this.commit(group);
  }

  private async commit(group: Waiting[]): Promise<void> {
    this.running++;
    let stalled = false;
    const timer = setTimeout(() => {
      stalled = true;
      this.running--;
      this.pump();
    }, STALLED_AFTER_MS);
    timer.unref();
    for (const w of group) this.busyRuns.add(w.write.runId);
    const outcomes = await this.store(
      this.db,
      group.map((w) => w.write),
    ).catch((error: unknown) => group.map((): WriteOutcome => ({ ok: false, error })));
    clearTimeout(timer);
    if (!stalled) this.running--;
    for (const w of group) this.busyRuns.delete(w.write.runId);
    group.forEach((w, i) => w.done(outcomes[i]));
    this.pump();
  }
}

const commits = new WeakMap<Db, GroupCommit>();

/** The group commit of this store's client, made on first use (one per client, shared by every request). */
export function groupCommitFor(db: Db): GroupCommit {
  let commit = commits.get(db);
  if (!commit) commits.set(db, (commit = new GroupCommit(db)));
  return commit;
}

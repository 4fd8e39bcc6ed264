// The sweeps' trial queues, kept in PostgreSQL by pg-boss: one queue per sweep, one job per trial, job id = run id.
import { EventEmitter } from 'node:events';
import PgBoss from 'pg-boss';

/** pg-boss's tables live in their own schema of the store's database. */
const SCHEMA = 'pgboss';

/**
 * A trial whose agent goes silent is handed out again, at most this many times in all: a trial that kills every
 * agent it reaches (out of memory, say) must end as failed rather than take down the whole fleet one by one.
 */
export const TRIAL_ATTEMPTS = 4;

/** A job pg-boss has handed out and not yet seen completed: its trial's run and how many times it has been handed out. */
export interface ActiveTrial {
  runId: string;
  attempt: number;
  /** Failing this job ends it for good instead of queueing it again. */
  lastAttempt: boolean;
}

interface TrialJob {
  runId: string;
}

export const queueName = (sweepId: string) => `sweep-${sweepId}`;

/**
 * The job operations the sweeps need. Leases are not pg-boss's expiry (fixed at fetch time, with no heartbeat in
 * pg-boss 10): a trial is lost when its run's heartbeat is stale, and `retry` then puts its job back in the queue.
 * pg-boss's maintenance stays off for the same reason, and so that a stopped sweep's queued trials are never archived.
 */
export class SweepQueue {
  private readonly queues = new Set<string>();
  private readonly changes = new EventEmitter().setMaxListeners(0);

  private constructor(private readonly boss: PgBoss) {}

  /**
   * Something an idle agent waits for happened to the sweep: a trial settled or went back to the queue, or the sweep
   * stopped or resumed. Call it after the change is committed. In-process: with several server processes, an agent
   * held by another process learns of it when its hold ends.
   */
  changed(sweepId: string): void {
    this.changes.emit(sweepId);
  }

  /** Settles at the sweep's next `changed`, or after `ms`; `cancel` lets go of it early. */
  nextChange(sweepId: string, ms: number): { settled: Promise<void>; cancel(): void } {
    let cancel = () => undefined as void;
    const settled = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.changes.off(sweepId, done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.changes.on(sweepId, done);
      cancel = done;
    });
    return { settled, cancel };
  }

  /** Starts pg-boss on `databaseUrl`, creating or upgrading its schema there; `log` gets pool errors, once per outage. */
  static async start(databaseUrl: string, log: (line: string) => void = () => undefined): Promise<SweepQueue> {
    const boss = new PgBoss({
      connectionString: databaseUrl,
      schema: SCHEMA,
      application_name: 'mnist-lab-sweeps',
      max: 4,
      supervise: false,
      schedule: false,
      migrate: true,
    });
    let failing = false;
    // An EventEmitter without an 'error' listener throws, and pg's idle-client errors would end the server.
    boss.on('error', (error) => {
      if (!failing) log(`sweep queue: ${error.message.split('\n')[0]}`);
      failing = true;
    });
    await boss.start();
    return new SweepQueue(boss);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true });
  }

  /** Creates the sweep's queue unless it exists (pg-boss's createQueue is idempotent; the set saves the round trip). */
  async ensure(sweepId: string): Promise<void> {
    const name = queueName(sweepId);
    if (this.queues.has(name)) return;
    await this.boss.createQueue(name, { name, retryLimit: TRIAL_ATTEMPTS - 1, retryDelay: 0 });
    this.queues.add(name);
  }

  /** Queues a trial; a job that already exists for the run stays as it is. */
  async enqueue(sweepId: string, runId: string): Promise<void> {
    await this.ensure(sweepId);
    await this.boss.send(queueName(sweepId), { runId } satisfies TrialJob, { id: runId });
  }

  /** Hands out the oldest queued trial (trials queued again come first: they keep their place). */
  async take(sweepId: string): Promise<string | undefined> {
    await this.ensure(sweepId);
    // start_after is never in the future here (no delays, no retry delay), and now() is the transaction's start.
    const [job] = await this.boss.fetch<TrialJob>(queueName(sweepId), { batchSize: 1, ignoreStartAfter: true });
    return job?.data.runId;
  }

  /** The handed-out trials. pg-boss 10 has no call that lists jobs by state, so this reads its job table. */
  async active(sweepId: string): Promise<ActiveTrial[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT id::text AS id, retry_count, retry_limit FROM ${SCHEMA}.job WHERE name = $1 AND state = 'active'`,
      [queueName(sweepId)],
    );
    return (rows as { id: string; retry_count: number; retry_limit: number }[]).map((r) => ({
      runId: r.id,
      attempt: r.retry_count + 1,
      lastAttempt: r.retry_count >= r.retry_limit,
    }));
  }

  /** The trials are over (finished or failed): their jobs are completed and never handed out again. */
  async complete(sweepId: string, runIds: string[]): Promise<void> {
    if (runIds.length > 0) await this.boss.complete(queueName(sweepId), runIds);
  }

  /** The trials lost their agents: each goes back to the queue, or fails for good on its last attempt. */
  async retry(sweepId: string, runIds: string[]): Promise<void> {
    if (runIds.length > 0) await this.boss.fail(queueName(sweepId), runIds);
  }

  /** Puts trials back at the head of the queue whatever their state (short of completed), without using an attempt. */
  async requeue(sweepId: string, runIds: string[]): Promise<void> {
    if (runIds.length === 0) return;
    await this.boss.cancel(queueName(sweepId), runIds);
    await this.boss.resume(queueName(sweepId), runIds);
  }

  /** Takes trials out of the queue until `requeue` (a stopped sweep's interrupted trials). */
  async hold(sweepId: string, runIds: string[]): Promise<void> {
    if (runIds.length > 0) await this.boss.cancel(queueName(sweepId), runIds);
  }

  /** Drops jobs whose run no longer exists (deleted with its sweep, or never committed). */
  async discard(sweepId: string, runIds: string[]): Promise<void> {
    if (runIds.length > 0) await this.boss.deleteJob(queueName(sweepId), runIds);
  }
}

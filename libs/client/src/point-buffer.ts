// Checks each `run.log` call against the metric point contract at once, and gathers the points into batches to send.
//
// A call only validates and appends to memory; a batch is spooled and queued when it holds 1,000 points or its oldest
// point is 250 ms old (checked at each call too, so a training loop that never yields still seals batches on time),
// and before any other event. A crash loses at most that much; a dead server loses nothing.
import type { MetricPoint } from '@mnist-lab/contracts';
import { MetricNameSchema, MetricPointSchema } from '@mnist-lab/contracts';
import type { LogOptions, Metrics } from './types';

export const MAX_METRICS_PER_CALL = 64;

export interface BatchLimits {
  maxPoints: number;
  maxAgeMs: number;
}

const DEFAULT_LIMITS: BatchLimits = { maxPoints: 1_000, maxAgeMs: 250 };

function problem(schema: typeof MetricPointSchema.shape.step | typeof MetricPointSchema.shape.epoch, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0].message;
}

export class PointBuffer {
  private points: MetricPoint[] = [];
  private firstAt = 0;
  private timer?: NodeJS.Timeout;
  private nextStep = 0;
  /** Names already checked: a run logs the same few names thousands of times. */
  private readonly goodNames = new Set<string>();

  constructor(
    private readonly seal: (points: MetricPoint[]) => void,
    private readonly limits: BatchLimits = DEFAULT_LIMITS,
  ) {}

  /** Throws one Error naming the first bad metric, before anything of the call is kept. */
  add(metrics: Metrics, options: LogOptions = {}): void {
    if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) throw new Error('run.log: expected an object of metric name -> number');
    const names = Object.keys(metrics);
    if (names.length === 0) throw new Error('run.log: no metrics given');
    if (names.length > MAX_METRICS_PER_CALL) throw new Error(`run.log: ${names.length} metrics in one call; at most ${MAX_METRICS_PER_CALL}`);
    const step = options.step ?? this.nextStep;
    const stepProblem = problem(MetricPointSchema.shape.step, step);
    if (stepProblem) throw new Error(`run.log: step ${String(step)}: ${stepProblem}`);
    if (options.epoch !== undefined) {
      const epochProblem = problem(MetricPointSchema.shape.epoch, options.epoch);
      if (epochProblem) throw new Error(`run.log: epoch ${String(options.epoch)}: ${epochProblem}`);
    }
    for (const name of names) {
      if (!this.goodNames.has(name)) {
        const r = MetricNameSchema.safeParse(name);
        if (!r.success) throw new Error(`run.log: metric name ${JSON.stringify(name)}: ${r.error.issues[0].message}`);
        this.goodNames.add(name);
      }
      const value = metrics[name];
      // The schema's z.number(): a finite number, never NaN or +-Infinity (a diverged loss must not vanish silently).
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(`run.log: ${name} is ${typeof value === 'number' ? String(value) : typeof value}; only finite numbers can be logged`);
      }
    }

    const now = Date.now();
    const at = new Date(now).toISOString();
    if (this.points.length === 0) {
      this.firstAt = now;
      this.timer = setTimeout(() => this.flush(), this.limits.maxAgeMs);
      this.timer.unref();
    }
    for (const name of names) {
      const point: MetricPoint = { name, step, value: metrics[name], at };
      if (options.epoch !== undefined) point.epoch = options.epoch;
      this.points.push(point);
    }
    this.nextStep = step + 1;
    if (this.points.length >= this.limits.maxPoints || now - this.firstAt >= this.limits.maxAgeMs) this.flush();
  }

  /** Seals what is gathered into one batch (nothing when empty). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.points.length === 0) return;
    const batch = this.points;
    this.points = [];
    this.seal(batch);
  }
}

// One run's lifecycle (W&B's Run): its spool and tracker, its batches of points, its signal handling and exactly one end.
import { constants } from 'node:os';
import { encodeValidationLog, IMAGE_PIXELS, ValidationPredictionsValuesSchema } from '@mnist-lab/contracts';
import { validateEvent, type TrackingEvent } from './events';
import { finishPayload } from './finish-payload';
import { PointBuffer } from './point-buffer';
import type { Tracker } from './tracker';
import type { FinishOptions, LogOptions, Metrics, Run, RunEnd, ValidationPredictions } from './types';

/** How long an end waits for the server: a finish carries the test answers and the model; a failure or a stop should be quick. */
const DRAIN_MS = { finished: 15_000, failed: 5_000, stopped: 5_000 } as const;

export interface RunSetup {
  id: string;
  name: string;
  url: string;
  offline: boolean;
  tracker: Tracker;
  log: (line: string) => void;
  interrupt: 'exit' | 'abort';
  /** A sweep trial's question to the server: should it stop now (early termination)? Absent outside sweeps and offline. */
  prune?: () => Promise<boolean>;
}

export class ActiveRun implements Run {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly offline: boolean;
  private readonly controller = new AbortController();
  readonly signal: AbortSignal = this.controller.signal;
  private readonly tracker: Tracker;
  private readonly points: PointBuffer;
  private readonly say: (line: string) => void;
  private readonly interrupt: 'exit' | 'abort';
  private status?: RunEnd['status'];
  private ending?: Promise<RunEnd>;
  private signals = 0;
  private readonly prune?: () => Promise<boolean>;
  private stopRequested = false;
  private checkedEpoch = 0;
  private checking?: Promise<boolean>;
  /** The validation set's true labels as first sent: later epochs must be about the same digits. */
  private validationLabels?: Uint8Array;
  /** Validation digits whose pixels have gone with an earlier epoch. */
  private readonly pixelsSent = new Set<number>();

  constructor(setup: RunSetup) {
    ({ id: this.id, name: this.name, url: this.url, offline: this.offline, tracker: this.tracker, log: this.say, interrupt: this.interrupt, prune: this.prune } = setup);
    this.points = new PointBuffer((points) => this.tracker.enqueue({ kind: 'log', payload: { runId: this.id, points } }, true));
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    process.on('beforeExit', this.onBeforeExit);
  }

  get spoolFile(): string {
    return this.tracker.spoolFile;
  }

  log(metrics: Metrics, options?: LogOptions): void {
    if (this.status) throw new Error(`run.log: the run ${this.name} has already ended (${this.status})`);
    this.points.add(metrics, options);
    const epoch = options?.epoch;
    if (this.prune && epoch !== undefined && Number.isInteger(epoch) && epoch > this.checkedEpoch) this.askToStop(epoch);
  }

  logValidationPredictions(epoch: number, v: ValidationPredictions): void {
    const where = 'run.logValidationPredictions';
    if (this.status) throw new Error(`${where}: the run ${this.name} has already ended (${this.status})`);
    if (!Number.isInteger(epoch) || epoch < 1) throw new Error(`${where}: epoch must be a whole number from 1, got ${epoch}`);
    const parsed = ValidationPredictionsValuesSchema.safeParse(v ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${where}: ${issue.path.map(String).join('[')}${issue.path.length > 1 ? ']' : ''}: ${issue.message}`);
    }
    const values = parsed.data;
    const n = values.labels.length;
    if (v.pixels !== undefined && (!(v.pixels instanceof Uint8Array) || v.pixels.length !== n * IMAGE_PIXELS)) {
      throw new Error(`${where}: pixels must be a Uint8Array of ${n} x ${IMAGE_PIXELS} bytes (one 28x28 digit per label)`);
    }
    const first = this.validationLabels;
    if (first && (first.length !== n || first.some((l, i) => l !== values.labels[i]))) {
      throw new Error(`${where}: labels differ from those of the first call; a run keeps one validation set, in one order`);
    }
    const pixels = v.pixels;
    const sending: number[] = [];
    const payload = encodeValidationLog(this.id, epoch, values, {
      withSet: !first,
      at: new Date().toISOString(),
      pixelsOf: pixels
        ? (i) => {
            if (this.pixelsSent.has(i)) return undefined;
            sending.push(i);
            return pixels.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
          }
        : undefined,
    });
    this.tracker.enqueue({ kind: 'validation', payload });
    this.validationLabels = Uint8Array.from(values.labels);
    for (const i of sending) this.pixelsSent.add(i);
  }

  get shouldStop(): boolean {
    return this.stopRequested;
  }

  checkStop(): Promise<boolean> {
    return this.checking ?? Promise.resolve(this.stopRequested);
  }

  /** The sweep's rule judges the curve the server has: the epoch's points go first, then the question. */
  private askToStop(epoch: number): void {
    this.checkedEpoch = epoch;
    const prune = this.prune as () => Promise<boolean>;
    const previous = this.checking ?? Promise.resolve(false);
    this.checking = previous
      .then(async () => {
        if (this.stopRequested || this.status) return this.stopRequested;
        await this.flush(10_000);
        if (await prune()) {
          this.stopRequested = true;
          this.say(`the sweep's early-termination rule stops this trial after epoch ${epoch}`);
        }
        return this.stopRequested;
      })
      // A lost answer is not a verdict: the trial goes on and the next epoch asks again.
      .catch(() => this.stopRequested);
  }

  async flush(timeoutMs = 10_000): Promise<number> {
    if (!this.status) this.points.flush();
    return this.tracker.flush(timeoutMs);
  }

  async finish(options: FinishOptions = {}): Promise<RunEnd> {
    if (this.ending) return this.again('finish');
    // Everything that can refuse the options runs before the transition, so a bad `test` throws and the run goes on.
    const event = validateEvent({ kind: 'finish', payload: await finishPayload(this.id, options, this.say) }, 'run.finish');
    return this.end('finished', event, 'finish');
  }

  fail(error: unknown): Promise<RunEnd> {
    const message = (error instanceof Error ? error.message : String(error)) || 'failed';
    return this.end('failed', { kind: 'end', payload: { runId: this.id, status: 'failed', error: message.slice(0, 10_000), endedAt: new Date().toISOString() } }, 'fail');
  }

  stop(): Promise<RunEnd> {
    return this.end('stopped', { kind: 'end', payload: { runId: this.id, status: 'stopped', endedAt: new Date().toISOString() } }, 'stop');
  }

  /** The one terminal transition: whichever of finish, fail, stop or a signal comes first; the rest get its result. */
  private end(status: RunEnd['status'], event: TrackingEvent, method: string): Promise<RunEnd> {
    if (this.ending) return this.again(method);
    this.status = status;
    this.points.flush();
    this.tracker.enqueue(event);
    this.ending = this.tracker.close(DRAIN_MS[status]).then((left) => {
      this.teardown();
      // The spool's path was said when it mattered: at init (offline) or when the server stopped answering.
      this.say(left > 0 ? `${left} events spooled; upload them with \`mnist-lab sync\`` : `logged to ${this.url}`);
      return { status, left, spoolFile: this.spoolFile };
    });
    return this.ending;
  }

  private again(method: string): Promise<RunEnd> {
    this.say(`run.${method}(): the run has already ended (${this.status}); nothing more is sent`);
    return this.ending as Promise<RunEnd>;
  }

  private teardown(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('beforeExit', this.onBeforeExit);
  }

  private readonly onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (constants.signals[signal] ?? constants.signals.SIGINT);
    this.signals++;
    if (this.signals > 1 || this.ending) {
      // Whatever is gathered goes to the spool first: the next `sync` uploads it.
      if (!this.status) this.points.flush();
      this.say(`${signal}: quitting now; ${this.tracker.unsentCount} events stay in ${this.spoolFile} for \`mnist-lab sync\``);
      process.exit(code);
    }
    this.controller.abort(new Error(`interrupted by ${signal}`));
    if (this.interrupt === 'exit') {
      this.say(`${signal}: marking the run stopped (Ctrl-C again to quit at once)`);
      void this.stop().finally(() => process.exit(code));
    }
  };

  /** A script that ends without finish() has finished, as with W&B; one that throws ends in 'exit' and the server calls it crashed. */
  private readonly onBeforeExit = () => {
    if (this.ending) return;
    this.say('the script ended without run.finish(): finishing the run');
    void this.finish();
  };
}

// Per validation digit (a training image) across the runs that held it out: right at each run's last epoch, the most
// common wrong label, confidence, the spread of the epoch each run learned it from, and its forgetting events.
import { TRPCError } from '@trpc/server';
import { dequantizeConfidence, TRAIN_SET_SIZE } from '@mnist-lab/contracts';

/** One run's validation set and what its stored epochs say about each of its digits. */
export interface RunValidation {
  id: string;
  name: string;
  /** Training-image index of each of the run's validation digits. */
  sourceIndices: Uint32Array;
  trueLabels: Uint8Array;
  /** Labels and quantized confidences at the run's last stored epoch. */
  lastPredicted: Uint8Array;
  lastConfidences: Uint8Array;
  /** From forgetting(): the first epoch from which the digit stays right (null: wrong at the last), and its forgetting events. */
  learnedFrom: readonly (number | null)[];
  forgettingEvents: readonly number[];
}

/** Columnar, one entry per training image some run held out, in training-image order. */
export interface ValidationDigitStats {
  sourceIndex: number[];
  trueLabel: number[];
  /** How many of the chosen runs held the digit in their validation set. */
  held: number[];
  /** How many of those predict its true label at their last stored epoch. */
  right: number[];
  /** The wrong label most of them predict (ties: the smaller), -1 when all are right; and by how many. */
  topWrong: number[];
  topWrongCount: number[];
  /** Mean over the holding runs of their last epoch's confidence in their own prediction, to 3 decimals. */
  meanConfidence: number[];
  /** Over the holding runs that learned it (learnedFrom not null): the earliest, median and latest epoch; null when none did. */
  learnedMin: (number | null)[];
  learnedMedian: (number | null)[];
  learnedMax: (number | null)[];
  /** Holding runs wrong at their last epoch: they never learned it for good. */
  learnedNever: number[];
  /** Forgetting events summed over the holding runs. */
  forgettingEvents: number[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function median(sorted: readonly number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** 409 when two runs give one training image different labels: their "validation digits" are not the same images. */
export function validationStats(runs: readonly RunValidation[]): ValidationDigitStats {
  const held = new Uint16Array(TRAIN_SET_SIZE);
  const label = new Int8Array(TRAIN_SET_SIZE).fill(-1);
  const labelFrom = new Int32Array(TRAIN_SET_SIZE);
  const counts = new Uint16Array(TRAIN_SET_SIZE * 10);
  const confSums = new Float64Array(TRAIN_SET_SIZE);
  const events = new Uint32Array(TRAIN_SET_SIZE);
  const never = new Uint16Array(TRAIN_SET_SIZE);
  const learned = new Map<number, number[]>();
  for (const [r, run] of runs.entries()) {
    for (let i = 0; i < run.sourceIndices.length; i++) {
      const s = run.sourceIndices[i];
      const t = run.trueLabels[i];
      if (label[s] < 0) {
        label[s] = t;
        labelFrom[s] = r;
      } else if (label[s] !== t) {
        const other = runs[labelFrom[s]];
        throw new TRPCError({
          code: 'CONFLICT',
          message: `training image ${s} is labeled ${label[s]} in run ${other.name}'s validation set but ${t} in run ${run.name}'s: they are not the same MNIST images`,
        });
      }
      held[s]++;
      counts[s * 10 + run.lastPredicted[i]]++;
      confSums[s] += dequantizeConfidence(run.lastConfidences[i]);
      events[s] += run.forgettingEvents[i];
      const from = run.learnedFrom[i];
      if (from === null) never[s]++;
      else {
        const list = learned.get(s);
        if (list) list.push(from);
        else learned.set(s, [from]);
      }
    }
  }
  const out: ValidationDigitStats = {
    sourceIndex: [], trueLabel: [], held: [], right: [], topWrong: [], topWrongCount: [], meanConfidence: [],
    learnedMin: [], learnedMedian: [], learnedMax: [], learnedNever: [], forgettingEvents: [],
  };
  for (let s = 0; s < TRAIN_SET_SIZE; s++) {
    if (held[s] === 0) continue;
    const t = label[s];
    let top = -1;
    for (let k = 0; k < 10; k++) if (k !== t && counts[s * 10 + k] > 0 && (top < 0 || counts[s * 10 + k] > counts[s * 10 + top])) top = k;
    const epochs = (learned.get(s) ?? []).sort((a, b) => a - b);
    out.sourceIndex.push(s);
    out.trueLabel.push(t);
    out.held.push(held[s]);
    out.right.push(counts[s * 10 + t]);
    out.topWrong.push(top);
    out.topWrongCount.push(top < 0 ? 0 : counts[s * 10 + top]);
    out.meanConfidence.push(round3(confSums[s] / held[s]));
    out.learnedMin.push(epochs.length ? epochs[0] : null);
    out.learnedMedian.push(epochs.length ? median(epochs) : null);
    out.learnedMax.push(epochs.length ? epochs[epochs.length - 1] : null);
    out.learnedNever.push(never[s]);
    out.forgettingEvents.push(events[s]);
  }
  return out;
}

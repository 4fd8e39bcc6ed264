// How well a run's confidence matches how often it is right: reliability bins, expected calibration error, and
// histograms of the confidence of its right and wrong answers, from the stored test predictions.
import type { Db } from '@mnist-lab/db';
import { loadPredictions } from './run-predictions';

/** 15 equal-width bins, as Guo et al. (2017, "On Calibration of Modern Neural Networks") report ECE. */
export const RELIABILITY_BINS = 15;
/** Finer than the reliability bins: most right answers sit above 0.95, and the histogram should show that shape. */
export const HISTOGRAM_BINS = 20;

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Share right among the predictions in the bin; null for an empty bin. */
  accuracy: number | null;
  /** Mean confidence of the predictions in the bin; null for an empty bin. */
  confidence: number | null;
}

export interface Calibration {
  bins: ReliabilityBin[];
  /** Sum over bins of (share of predictions) x |accuracy - mean confidence|. */
  ece: number;
  /** The largest |accuracy - confidence| of a non-empty bin. */
  mce: number;
  /** Mean confidence minus accuracy over all predictions: above 0 is overconfident. */
  overconfidence: number;
  histogram: { edges: number[]; right: number[]; wrong: number[] };
  total: number;
}

/** Bin of a confidence in [0, 1] among `bins` equal bins; 1 itself falls in the last bin, not past it. */
const binOf = (confidence: number, bins: number) => Math.min(bins - 1, Math.max(0, Math.floor(confidence * bins)));

export function calibrate(confidences: ArrayLike<number>, correct: (i: number) => boolean, bins = RELIABILITY_BINS, histogramBins = HISTOGRAM_BINS): Calibration {
  const n = confidences.length;
  const count = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  const right = new Array<number>(histogramBins).fill(0);
  const wrong = new Array<number>(histogramBins).fill(0);
  let totalConfidence = 0;
  let totalHits = 0;
  for (let i = 0; i < n; i++) {
    const c = confidences[i];
    const ok = correct(i);
    const b = binOf(c, bins);
    count[b]++;
    sum[b] += c;
    totalConfidence += c;
    if (ok) {
      hits[b]++;
      totalHits++;
      right[binOf(c, histogramBins)]++;
    } else {
      wrong[binOf(c, histogramBins)]++;
    }
  }
  let ece = 0;
  let mce = 0;
  const out = count.map((k, b) => {
    const accuracy = k > 0 ? hits[b] / k : null;
    const confidence = k > 0 ? sum[b] / k : null;
    if (accuracy !== null && confidence !== null) {
      const gap = Math.abs(accuracy - confidence);
      ece += (k / n) * gap;
      mce = Math.max(mce, gap);
    }
    return { lower: b / bins, upper: (b + 1) / bins, count: k, accuracy, confidence };
  });
  return {
    bins: out,
    ece,
    mce,
    overconfidence: n > 0 ? (totalConfidence - totalHits) / n : 0,
    histogram: { edges: Array.from({ length: histogramBins + 1 }, (_, k) => k / histogramBins), right, wrong },
    total: n,
  };
}

/** A finished run's calibration on the test set: 404 for an unknown run, 409 for one without stored predictions. */
export async function runCalibration(db: Db, id: string): Promise<Calibration> {
  const [run] = await loadPredictions(db, [id]);
  return calibrate(run.confidences, (i) => !run.wrong.has(i));
}

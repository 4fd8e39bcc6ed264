// Writes a run's output folder: summary.json, the tfjs model, and the seed script's two pictures.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MnistSet } from '@mnist-lab/data';
import type { EpochResult, TrainedModel } from '@mnist-lab/model';
import { digitGridSvg } from '../pictures/digit-grid';
import { historyChartSvg } from '../pictures/history-chart';
import type { TestReport } from './test-report';

export interface RunSummary {
  runId: string;
  name: string;
  hyperparams: unknown;
  backend: string;
  /** Threads the engine split each batch over (1 on tfjs). */
  threads: number;
  seed: number;
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  stopReason: string;
  bestEpoch: number;
  history: EpochResult[];
  test?: Omit<TestReport, 'misclassified'> & { misclassified: TestReport['misclassified'] };
}

export interface RunFiles {
  summary: string;
  model?: string;
  historyChart?: string;
  samples?: string;
}

export interface TestPredictions {
  labels: Uint8Array;
  confidences: Float32Array;
}

/** Picks the digits to show: up to half of them misclassified (the seed script's point), the rest correct, in test order. */
export function sampleDigits(test: MnistSet, pred: TestPredictions, count: number) {
  const wrong: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < test.count && (wrong.length < count / 2 || right.length < count); i++) {
    (pred.labels[i] === test.labels[i] ? right : wrong).push(i);
  }
  const picked = wrong.slice(0, Math.ceil(count / 2));
  picked.push(...right.slice(0, count - picked.length));
  return picked
    .sort((a, b) => a - b)
    .map((i) => ({
      index: test.indices[i],
      pixels: test.pixels.subarray(i * 784, i * 784 + 784),
      trueLabel: test.labels[i],
      predictedLabel: pred.labels[i],
      confidence: pred.confidences[i],
    }));
}

export async function writeRunFolder(
  dir: string,
  summary: RunSummary,
  model: TrainedModel | undefined,
  test: MnistSet | undefined,
  predictions: TestPredictions | undefined,
): Promise<RunFiles> {
  mkdirSync(dir, { recursive: true });
  const files: RunFiles = { summary: path.join(dir, 'summary.json') };
  writeFileSync(files.summary, JSON.stringify(summary, null, 2) + '\n');
  if (summary.history.length > 0) {
    files.historyChart = path.join(dir, 'loss.svg');
    writeFileSync(files.historyChart, historyChartSvg(summary.history, summary.bestEpoch));
  }
  if (model && summary.test && test && predictions) {
    files.model = path.join(dir, 'model');
    await model.save(files.model);
    const samples = sampleDigits(test, predictions, 32);
    files.samples = path.join(dir, 'samples.svg');
    writeFileSync(
      files.samples,
      digitGridSvg(samples, 8, `Sample test digits (${summary.test.misclassifiedCount} of ${summary.test.count} misclassified)`),
    );
  }
  return files;
}

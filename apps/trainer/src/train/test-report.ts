// What the test set says about a trained model: loss, accuracy, the confusion matrix and every misclassified digit.
import type { MnistSet } from '@mnist-lab/data';
import type { Evaluation } from '@mnist-lab/model';

export interface MisclassifiedDigit {
  index: number;
  trueLabel: number;
  predictedLabel: number;
  confidence: number;
  probabilities: number[];
}

export interface TestReport {
  loss: number;
  accuracy: number;
  count: number;
  misclassifiedCount: number;
  /** rows: true label, columns: predicted label */
  confusionMatrix: number[][];
  misclassified: MisclassifiedDigit[];
}

export function buildTestReport(test: MnistSet, ev: Evaluation): TestReport {
  const cm = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  const misclassified: MisclassifiedDigit[] = [];
  for (let i = 0; i < test.count; i++) {
    const t = test.labels[i];
    const p = ev.predictions[i];
    cm[t][p]++;
    if (t !== p) {
      const probabilities = Array.from(ev.probabilities.subarray(i * 10, i * 10 + 10), (v) => Math.round(v * 1e6) / 1e6);
      misclassified.push({ index: test.indices[i], trueLabel: t, predictedLabel: p, confidence: probabilities[p], probabilities });
    }
  }
  return {
    loss: ev.loss,
    accuracy: ev.accuracy,
    count: test.count,
    misclassifiedCount: misclassified.length,
    confusionMatrix: cm,
    misclassified,
  };
}

export function formatConfusionMatrix(cm: number[][]): string {
  const w = Math.max(4, ...cm.flat().map((v) => String(v).length + 1));
  const head = 'true\\pred'.padEnd(10) + cm.map((_, j) => String(j).padStart(w)).join('');
  const rows = cm.map((row, i) => `${String(i).padEnd(10)}${row.map((v) => String(v).padStart(w)).join('')}`);
  return [head, ...rows].join('\n');
}

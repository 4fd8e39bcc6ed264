// Precision, recall and F1 of each digit from a confusion matrix (rows true, columns predicted), plus their macro mean.

export interface ClassMetrics {
  digit: number;
  /** Test digits of this class (the matrix's row sum). */
  support: number;
  /** How often the model answered this class (the column sum). */
  predicted: number;
  /** Null when the model never answered this class: precision is undefined there, not 0. */
  precision: number | null;
  /** Null for a class with no test digits. */
  recall: number | null;
  /** Null when precision or recall is undefined; 0 when both are 0. */
  f1: number | null;
}

export interface ClassReport {
  classes: ClassMetrics[];
  /** Unweighted means over the classes where each is defined, so an absent class neither helps nor hurts. */
  macro: { precision: number | null; recall: number | null; f1: number | null };
  total: number;
}

const mean = (values: (number | null)[]): number | null => {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
};

export function classReport(matrix: readonly (readonly number[])[]): ClassReport {
  const n = matrix.length;
  const classes = matrix.map((row, d) => {
    const support = row.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < n; t++) predicted += matrix[t]?.[d] ?? 0;
    const hits = row[d] ?? 0;
    const precision = predicted > 0 ? hits / predicted : null;
    const recall = support > 0 ? hits / support : null;
    const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { digit: d, support, predicted, precision, recall, f1 };
  });
  return {
    classes,
    macro: { precision: mean(classes.map((c) => c.precision)), recall: mean(classes.map((c) => c.recall)), f1: mean(classes.map((c) => c.f1)) },
    total: classes.reduce((a, c) => a + c.support, 0),
  };
}

/** A matrix from true and predicted labels (both 0..classes-1), as the epoch views rebuild it for each epoch. */
export function confusionFrom(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes = 10): number[][] {
  if (truth.length !== predicted.length) throw new Error(`${truth.length} true labels but ${predicted.length} predictions`);
  const flat = new Uint32Array(classes * classes);
  for (let i = 0; i < truth.length; i++) flat[truth[i] * classes + predicted[i]]++;
  return Array.from({ length: classes }, (_, t) => Array.from(flat.subarray(t * classes, (t + 1) * classes)));
}

// Which test digits changed between two runs: fixed, newly broken, still wrong, and how each confusion cell moved.

export interface DiffGroups {
  /** Wrong in A, right in B. */
  fixed: number[];
  /** Right in A, wrong in B. */
  broke: number[];
  /** Wrong in both, with the same wrong label. */
  stillWrongSame: number[];
  /** Wrong in both, with different wrong labels. */
  stillWrongDifferent: number[];
}

export const DIFF_GROUPS = ['fixed', 'broke', 'stillWrongSame', 'stillWrongDifferent'] as const satisfies readonly (keyof DiffGroups)[];

export interface ConfusionCellChange {
  trueLabel: number;
  predictedLabel: number;
  /** B's count minus A's count in this cell. */
  delta: number;
  /** Digits B puts in this cell and A put elsewhere. */
  into: number[];
  /** Digits A put in this cell and B puts elsewhere. */
  outOf: number[];
}

export interface DigitDiff {
  groups: DiffGroups;
  /** 10x10, rows true label, columns predicted label: B's confusion matrix minus A's. */
  confusionDelta: number[][];
  /** Every cell some digit moved into or out of, row by row. */
  cells: ConfusionCellChange[];
}

/** Compares two runs' predictions against the true labels, digit by digit, in test-set order. */
export function diffPredictions(truth: Uint8Array, a: Uint8Array, b: Uint8Array): DigitDiff {
  const groups: DiffGroups = { fixed: [], broke: [], stillWrongSame: [], stillWrongDifferent: [] };
  const cells = Array.from({ length: 100 }, (_, k): ConfusionCellChange => ({
    trueLabel: Math.floor(k / 10),
    predictedLabel: k % 10,
    delta: 0,
    into: [],
    outOf: [],
  }));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const pa = a[i];
    const pb = b[i];
    const rightA = pa === t;
    const rightB = pb === t;
    if (!rightA && rightB) groups.fixed.push(i);
    else if (rightA && !rightB) groups.broke.push(i);
    else if (!rightA && !rightB) (pa === pb ? groups.stillWrongSame : groups.stillWrongDifferent).push(i);
    // A digit whose prediction did not change stays in its cell; one that changed leaves A's cell for B's.
    if (pa !== pb) {
      const from = cells[t * 10 + pa];
      const to = cells[t * 10 + pb];
      from.delta--;
      from.outOf.push(i);
      to.delta++;
      to.into.push(i);
    }
  }
  const confusionDelta = Array.from({ length: 10 }, (_, t) => cells.slice(t * 10, t * 10 + 10).map((c) => c.delta));
  return { groups, confusionDelta, cells: cells.filter((c) => c.into.length > 0 || c.outOf.length > 0) };
}

// The what-changed gallery's selection: tabs over the diff's groups and a cell's moved digits.
import { describe, expect, it } from 'vitest';
import { findCell, pick, tabCount, tabIndices } from './diff-gallery';

const groups = { fixed: [1, 2], broke: [10], stillWrongSame: [7], stillWrongDifferent: [4] };

describe('diff gallery', () => {
  it('"still wrong" joins same-label and different-label mistakes in test order', () => {
    expect(tabIndices(groups, 'stillWrong')).toEqual([4, 7]);
    expect(tabIndices(groups, 'fixed')).toEqual([1, 2]);
    expect(tabCount(groups, 'stillWrong')).toBe(2);
  });

  it('finds a cell by true and predicted label', () => {
    const cells = [{ trueLabel: 4, predictedLabel: 9, delta: 1, into: [4], outOf: [] }];
    expect(findCell(cells, 4, 9)?.into).toEqual([4]);
    expect(findCell(cells, 9, 4)).toBeUndefined();
  });

  it('picks digits in the order asked and skips unknown indices', () => {
    const byIndex = new Map([1, 2, 3].map((i) => [i, { index: i }]));
    expect(pick(byIndex, [3, 1, 99]).map((d) => d.index)).toEqual([3, 1]);
  });
});

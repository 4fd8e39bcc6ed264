// The digit explorer's URL state round-trips and refuses junk; its rows are filtered and sorted as the controls say.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGREEMENTS,
  CONFIDENCES,
  explorerRows,
  MISLABELED_CONFIDENCES,
  MISLABELED_SHARES,
  parseExplorerState,
  serializeExplorerState,
  SORTS,
  type DigitColumns,
  type ExplorerState,
} from './digit-explorer';

// Six digits over 4 runs: right counts 4, 0, 2, 1, 4, 3.
const cols: DigitColumns = {
  trueLabel: [3, 3, 5, 7, 0, 3],
  right: [4, 0, 2, 1, 4, 3],
  topWrong: [-1, 8, 6, 1, -1, 5],
  topWrongCount: [0, 4, 2, 3, 0, 1],
  meanConfidence: [0.99, 0.95, 0.6, 0.4, 0.97, 0.8],
};
const base = { label: undefined, agreement: 'any', confidence: 'any', sort: 'index' } as const;
const rows = (s: Partial<ExplorerState>) => [...explorerRows(cols, 4, { ...base, ...s })];

describe('explorerRows', () => {
  it('sorts by agreement (hardest first by default) and by mean confidence, ties in test-set order', () => {
    expect(rows({ sort: 'agreement-asc' })).toEqual([1, 3, 2, 5, 0, 4]);
    expect(rows({ sort: 'agreement-desc' })).toEqual([0, 4, 5, 2, 3, 1]);
    expect(rows({ sort: 'confidence-asc' })).toEqual([3, 2, 5, 1, 4, 0]);
    expect(rows({ sort: 'index' })).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('filters by true label, agreement and confidence band together', () => {
    expect(rows({ label: 3 })).toEqual([0, 1, 5]);
    expect(rows({ agreement: 'all-right' })).toEqual([0, 4]);
    expect(rows({ agreement: 'some-wrong' })).toEqual([1, 2, 3, 5]);
    expect(rows({ agreement: 'most-wrong' })).toEqual([1, 3]);
    expect(rows({ agreement: 'all-wrong' })).toEqual([1]);
    expect(rows({ confidence: 'low' })).toEqual([3]);
    expect(rows({ confidence: 'mid' })).toEqual([2, 5]);
    expect(rows({ confidence: 'high' })).toEqual([0, 1, 4]);
    expect(rows({ label: 3, agreement: 'some-wrong', confidence: 'high' })).toEqual([1]);
  });
});

describe('explorer URL state', () => {
  const uuid = fc.uuid();
  const state = fc.record({
    sweepId: fc.option(uuid, { nil: undefined }),
    runIds: fc.uniqueArray(uuid, { maxLength: 5 }),
    label: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    agreement: fc.constantFrom(...AGREEMENTS),
    confidence: fc.constantFrom(...CONFIDENCES),
    sort: fc.constantFrom(...SORTS),
    mislabeledShare: fc.constantFrom(...MISLABELED_SHARES),
    mislabeledConfidence: fc.constantFrom(...MISLABELED_CONFIDENCES),
  });

  it('reads back what it wrote (a sweep wins over runs)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const back = parseExplorerState(serializeExplorerState(s));
        expect(back).toEqual({ ...s, runIds: s.sweepId ? [] : s.runIds });
      }),
    );
  });

  it('ignores what is not an id, a digit or a choice', () => {
    const s = parseExplorerState(new URLSearchParams('runs=nope,,x&sweep=12&label=10&agree=most&conf=very&sort=random&mshare=0.05&mconf=abc'));
    expect(s).toEqual({
      sweepId: undefined,
      runIds: [],
      label: undefined,
      agreement: 'any',
      confidence: 'any',
      sort: 'agreement-asc',
      mislabeledShare: 0.9,
      mislabeledConfidence: 0.8,
    });
  });
});

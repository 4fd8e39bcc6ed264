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
  sortsOf,
  DIGIT_SETS,
  type DigitColumns,
  type ValidationColumns,
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

// Five validation digits over 3 runs, held by 3, 3, 1, 2, 3 of them.
const vcols: ValidationColumns = {
  trueLabel: [1, 2, 3, 4, 5],
  held: [3, 3, 1, 2, 3],
  right: [3, 1, 1, 0, 2],
  topWrong: [-1, 7, -1, 9, 3],
  topWrongCount: [0, 2, 0, 2, 1],
  meanConfidence: [0.9, 0.5, 0.7, 0.4, 0.8],
  learnedMin: [1, 2, 3, null, 1],
  learnedMedian: [1, 2, 3, null, 2.5],
  learnedMax: [1, 2, 3, null, 4],
  learnedNever: [0, 2, 0, 2, 1],
  forgettingEvents: [0, 5, 1, 2, 3],
};
const vrows = (s: Partial<ExplorerState>) => [...explorerRows(vcols, 3, { ...base, ...s })];

describe('explorerRows on validation digits', () => {
  it('counts agreement over the runs holding each digit, not all the runs', () => {
    expect(vrows({ agreement: 'all-right' })).toEqual([0, 2]);
    expect(vrows({ agreement: 'all-wrong' })).toEqual([3]);
    expect(vrows({ agreement: 'most-wrong' })).toEqual([1, 3]);
  });

  it('sorts by the median learned epoch (never learned last, or first when latest first), the spread and forgetting events', () => {
    expect(vrows({ sort: 'learned-asc' })).toEqual([0, 1, 4, 2, 3]);
    expect(vrows({ sort: 'learned-desc' })).toEqual([3, 2, 4, 1, 0]);
    expect(vrows({ sort: 'spread-desc' })).toEqual([4, 0, 1, 2, 3]);
    expect(vrows({ sort: 'forgetting-desc' })).toEqual([1, 4, 3, 2, 0]);
    expect(vrows({ sort: 'learned-asc', label: 5 })).toEqual([4]);
  });

  it('leaves test digits in test-set order under a validation-only sort', () => {
    expect(rows({ sort: 'forgetting-desc' })).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('explorer URL state', () => {
  const uuid = fc.uuid();
  const state = fc.constantFrom(...DIGIT_SETS).chain((set) => fc.record({
    set: fc.constant(set),
    sweepId: fc.option(uuid, { nil: undefined }),
    runIds: fc.uniqueArray(uuid, { maxLength: 5 }),
    label: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    agreement: fc.constantFrom(...AGREEMENTS),
    confidence: fc.constantFrom(...CONFIDENCES),
    sort: fc.constantFrom(...sortsOf(set)),
    mislabeledShare: fc.constantFrom(...MISLABELED_SHARES),
    mislabeledConfidence: fc.constantFrom(...MISLABELED_CONFIDENCES),
  }));

  it('reads back what it wrote (a sweep wins over runs)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const back = parseExplorerState(serializeExplorerState(s));
        expect(back).toEqual({ ...s, runIds: s.sweepId ? [] : s.runIds });
      }),
    );
  });

  it('ignores what is not an id, a digit or a choice', () => {
    const s = parseExplorerState(new URLSearchParams('set=train&runs=nope,,x&sweep=12&label=10&agree=most&conf=very&sort=random&mshare=0.05&mconf=abc'));
    expect(s).toEqual({
      set: 'test',
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

  it('keeps a validation-only sort only with validation digits', () => {
    expect(parseExplorerState(new URLSearchParams('sort=spread-desc')).sort).toBe('agreement-asc');
    expect(parseExplorerState(new URLSearchParams('set=validation&sort=spread-desc'))).toMatchObject({ set: 'validation', sort: 'spread-desc' });
  });
});

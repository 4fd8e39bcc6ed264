// The validation view's digit selection and history filters on a hand-built history of four epochs.
import { describe, expect, it } from 'vitest';
import { epochDigits, historyCounts, historyMatcher, type DigitHistory } from './epoch-digits';

// Six digits over epochs 1-4 (R right, W wrong):
// 0: RRRR  never wrong          1: WWWW  never learned
// 2: RWRR  forgotten once, learned from 3 (first half ends at 2: not late)
// 3: WWWR  learned late (4)     4: RWRW  forgotten twice, wrong at the end
// 5: WWRR  learned from 3: late (after epoch 2)
const history: DigitHistory = {
  epochs: [1, 2, 3, 4],
  learnedFrom: [1, null, 3, 4, null, 3],
  forgettingEvents: [0, 0, 1, 0, 2, 0],
};

describe('historyMatcher', () => {
  const pick = (f: Parameters<typeof historyMatcher>[0]) => [0, 1, 2, 3, 4, 5].filter(historyMatcher(f, history));
  it('never learned: wrong at every epoch, not merely wrong at the last', () => {
    expect(pick('never-learned')).toEqual([1]);
  });
  it('forgotten: at least one right-to-wrong step, whatever the end', () => {
    expect(pick('forgotten')).toEqual([2, 4]);
  });
  it('learned late: stays right only from after the first half of the epochs', () => {
    expect(pick('learned-late')).toEqual([2, 3, 5]);
    expect(historyCounts(history)).toEqual({ 'never-learned': 1, forgotten: 2, 'learned-late': 3 });
  });
  it('with two epochs, late is learned at the second', () => {
    const two: DigitHistory = { epochs: [1, 2], learnedFrom: [1, 2, null], forgettingEvents: [0, 0, 1] };
    expect([0, 1, 2].filter(historyMatcher('learned-late', two))).toEqual([1]);
  });
});

describe('epochDigits', () => {
  const truth = Uint8Array.from([0, 1, 2, 3, 4, 5]);
  // At epoch 2: digits 1, 2, 3, 4, 5 wrong.
  const predicted = Uint8Array.from([0, 7, 9, 8, 1, 6]);
  const confidences = Uint8Array.from([255, 51, 204, 102, 153, 0]);
  const pixels = new Map([[2, 'AAAA']]);

  it('lists the digits wrong at the epoch, most confident first, with the pixels fetched so far', () => {
    const d = epochDigits({ truth, predicted, confidences, pixels, sort: 'confidence-desc' });
    expect(d.map((x) => x.index)).toEqual([2, 4, 3, 1, 5]);
    expect(d[0]).toEqual({ index: 2, trueLabel: 2, predictedLabel: 9, confidence: 0.8, pixels: 'AAAA' });
    expect(d[1].pixels).toBeNull();
  });

  it('filters by true and predicted label, and sorts by index or rising confidence', () => {
    expect(epochDigits({ truth, predicted, confidences, pixels, sort: 'index', trueLabel: 3 }).map((x) => x.index)).toEqual([3]);
    expect(epochDigits({ truth, predicted, confidences, pixels, sort: 'index', predictedLabel: 1 }).map((x) => x.index)).toEqual([4]);
    expect(epochDigits({ truth, predicted, confidences, pixels, sort: 'confidence-asc' }).map((x) => x.index)).toEqual([5, 1, 3, 4, 2]);
  });

  it('with a history filter, shows every digit it picks, the ones right at this epoch too', () => {
    const right = Uint8Array.from([0, 7, 2, 8, 1, 5]);
    const d = epochDigits({ truth, predicted: right, confidences, pixels, sort: 'index', history: { filter: 'learned-late', of: history } });
    expect(d.map((x) => [x.index, x.predictedLabel])).toEqual([
      [2, 2],
      [3, 8],
      [5, 5],
    ]);
  });
});

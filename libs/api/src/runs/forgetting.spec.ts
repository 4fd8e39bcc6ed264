// Forgetting events and the epoch a digit stays learned from, on histories built by hand and generated at random.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forgetting } from './forgetting';

/** Predictions per epoch from rows of 'r' (right) and 'w' (wrong) per digit; the true label is 0, wrong predicts 1. */
function history(rows: string[]): Uint8Array[] {
  const epochs = rows[0].length;
  return Array.from({ length: epochs }, (_, k) => Uint8Array.from(rows, (row) => (row[k] === 'r' ? 0 : 1)));
}

describe('forgetting', () => {
  it('counts right-then-wrong transitions and finds the epoch each digit stays learned from', () => {
    const rows = ['rrrr', 'wrrr', 'rwrw', 'rwwr', 'wwww', 'wrwr'];
    const f = forgetting([1, 2, 3, 4], history(rows), new Uint8Array(rows.length));
    expect(f.forgettingEvents).toEqual([0, 0, 2, 1, 0, 1]);
    expect(f.learnedFrom).toEqual([1, 2, null, 4, null, 4]);
    expect(f.neverWrong).toBe(1);
  });

  it('places learnedFrom on the stored epochs, which need not be consecutive', () => {
    const f = forgetting([2, 5, 9], history(['wrr', 'wwr']), new Uint8Array(2));
    expect(f.learnedFrom).toEqual([5, 9]);
  });

  it('never counts more events than half the epochs and agrees with a direct count', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 20 }).filter((d) => d.every((r) => r.length === d[0].length)), (digits) => {
        const rows = digits.map((r) => r.map((right) => (right ? 'r' : 'w')).join(''));
        const epochs = digits[0].map((_, k) => k + 1);
        const f = forgetting(epochs, history(rows), new Uint8Array(rows.length));
        digits.forEach((r, i) => {
          expect(f.forgettingEvents[i]).toBe(r.filter((right, k) => right && r[k + 1] === false).length);
          expect(f.forgettingEvents[i]).toBeLessThanOrEqual(Math.ceil(r.length / 2));
          const last = r.lastIndexOf(false);
          expect(f.learnedFrom[i]).toBe(last === r.length - 1 ? null : last + 2);
        });
      }),
    );
  });
});

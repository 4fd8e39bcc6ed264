import { describe, expect, it } from 'vitest';
import { isBetter } from './trial';

describe('isBetter', () => {
  it('follows the goal, is strict, and lets any number beat a missing or NaN value', () => {
    const max = { goal: 'maximize' } as const;
    const min = { goal: 'minimize' } as const;
    expect(isBetter(max, 0.9, 0.8)).toBe(true);
    expect(isBetter(min, 0.9, 0.8)).toBe(false);
    expect(isBetter(max, 0.9, 0.9)).toBe(false);
    expect(isBetter(min, 5, undefined)).toBe(true);
    expect(isBetter(max, 0, Number.NaN)).toBe(true);
    expect(isBetter(max, Number.NaN, 0)).toBe(false);
  });
});

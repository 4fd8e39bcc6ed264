// The diff heatmap's colors say "better for B" or "worse for B" consistently on and off the diagonal.
import { describe, expect, it } from 'vitest';
import { deltaMaxima, deltaStyle, signed } from './diff-scale';
import { EMPTY_CELL } from './heatmap-scale';

const hue = (background: string) => Number(/hsl\((\d+)/.exec(background)?.[1]);

describe('deltaStyle', () => {
  it('is neutral for no change', () => {
    expect(deltaStyle(0, 10, false)).toEqual(EMPTY_CELL);
  });

  it('blue when B gains correct digits or loses errors, red the other way round', () => {
    const blue = 214;
    const red = 8;
    expect(hue(deltaStyle(3, 10, true).background)).toBe(blue);
    expect(hue(deltaStyle(-3, 10, false).background)).toBe(blue);
    expect(hue(deltaStyle(-3, 10, true).background)).toBe(red);
    expect(hue(deltaStyle(3, 10, false).background)).toBe(red);
  });

  it('the largest change is the darkest, with light text on it', () => {
    const strong = deltaStyle(10, 10, false);
    const faint = deltaStyle(1, 10, false);
    const lightness = (s: string) => Number(/(\d+(?:\.\d+)?)%\)$/.exec(s)?.[1]);
    expect(lightness(strong.background)).toBeLessThan(lightness(faint.background));
    expect(strong.color).toBe('#ffffff');
  });
});

describe('deltaMaxima and signed', () => {
  it('scales diagonal and off-diagonal changes separately, by absolute value', () => {
    const d = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    d[1][1] = -12;
    d[4][9] = 5;
    d[7][2] = -7;
    expect(deltaMaxima(d)).toEqual({ diagonal: 12, offDiagonal: 7 });
  });

  it('writes changes with an explicit sign', () => {
    expect([signed(5), signed(-3), signed(0)]).toEqual(['+5', '−3', '0']);
  });
});

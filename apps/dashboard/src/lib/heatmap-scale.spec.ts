// The confusion matrix must show rare errors and keep correct and wrong cells apart.
import { describe, expect, it } from 'vitest';
import { contrastRatio, hslToHex } from './contrast';
import { deltaStyle } from './diff-scale';
import { cellStyle, logIntensity, matrixMaxima } from './heatmap-scale';

describe('heatmap scale', () => {
  it('is log-ish: a few errors are visible next to hundreds', () => {
    expect(logIntensity(0, 500)).toBe(0);
    expect(logIntensity(500, 500)).toBe(1);
    expect(logIntensity(3, 500)).toBeGreaterThan(0.2);
  });

  it('uses different hues on and off the diagonal', () => {
    expect(cellStyle(10, 10, true).background).toContain('hsl(214');
    expect(cellStyle(10, 10, false).background).toContain('hsl(8');
  });

  it('finds separate maxima for the diagonal and the errors', () => {
    expect(matrixMaxima([[90, 3], [7, 80]])).toEqual({ diagonal: 90, offDiagonal: 7 });
  });

  it("keeps every count readable at 4.5:1 on its cell, from the faintest color to the strongest, in both heatmaps", () => {
    const hex = (background: string) => {
      const [, h, sat, l] = /hsl\((\d+) (\d+)% ([\d.]+)%\)/.exec(background) ?? [];
      return hslToHex(Number(h), Number(sat), Number(l));
    };
    for (let count = 1; count <= 500; count++) {
      for (const style of [cellStyle(count, 500, true), cellStyle(count, 500, false), deltaStyle(count, 500, true), deltaStyle(-count, 500, true)]) {
        expect(contrastRatio(style.color, hex(style.background)), `${style.color} on ${style.background}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

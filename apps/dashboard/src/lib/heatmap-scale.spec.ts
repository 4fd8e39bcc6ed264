// The confusion matrix must show rare errors and keep correct and wrong cells apart.
import { describe, expect, it } from 'vitest';
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
});

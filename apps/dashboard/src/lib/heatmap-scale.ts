// Confusion-matrix cell colors: log-ish so a handful of errors still shows, with correct and wrong cells in different hues.

export interface CellStyle {
  background: string;
  color: string;
}

/** 0 for zero, 1 for the largest count, log-scaled in between so 3 errors and 300 both read. */
export function logIntensity(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.log1p(count) / Math.log1p(max);
}

/** Blue for the diagonal (correct), red-orange for errors; each scaled to the largest count of its own kind. */
export function cellStyle(count: number, max: number, diagonal: boolean): CellStyle {
  const t = logIntensity(count, max);
  if (t === 0) return { background: '#f7f8fa', color: '#9aa1ab' };
  // Lightness from 95% (faint) to 38% (strong); hue fixed per kind so the diagonal never blends with errors.
  const hue = diagonal ? 214 : 8;
  const saturation = diagonal ? 70 : 78;
  const lightness = 95 - t * 57;
  return {
    background: `hsl(${hue} ${saturation}% ${lightness.toFixed(1)}%)`,
    color: lightness < 62 ? '#ffffff' : '#1b1f24',
  };
}

/** The largest count on the diagonal and off it: the two scales of the heatmap. */
export function matrixMaxima(matrix: readonly (readonly number[])[]): { diagonal: number; offDiagonal: number } {
  let diagonal = 0;
  let offDiagonal = 0;
  matrix.forEach((row, t) =>
    row.forEach((count, p) => {
      if (t === p) diagonal = Math.max(diagonal, count);
      else offDiagonal = Math.max(offDiagonal, count);
    }),
  );
  return { diagonal, offDiagonal };
}

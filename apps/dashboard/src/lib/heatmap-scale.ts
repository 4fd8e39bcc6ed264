// Confusion-matrix cell colors: log-ish so a handful of errors still shows, with correct and wrong cells in different hues.
import { hslToHex, textOn } from './contrast';

export interface CellStyle {
  background: string;
  color: string;
}

/** A cell with nothing in it: the page's own colors, so it recedes in either theme. */
export const EMPTY_CELL: CellStyle = { background: 'var(--surface-2)', color: 'var(--faint)' };

/** A colored cell, its text dark or light, whichever reads at 4.5:1 on it. */
export function tintedCell(hue: number, saturation: number, lightness: number): CellStyle {
  // The text is chosen for the color as written, rounded, not for the exact lightness.
  const l = Number(lightness.toFixed(1));
  return { background: `hsl(${hue} ${saturation}% ${l}%)`, color: textOn(hslToHex(hue, saturation, l)) };
}

/** 0 for zero, 1 for the largest count, log-scaled in between so 3 errors and 300 both read. */
export function logIntensity(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.log1p(count) / Math.log1p(max);
}

/** Blue for the diagonal (correct), red-orange for errors; each scaled to the largest count of its own kind. */
export function cellStyle(count: number, max: number, diagonal: boolean): CellStyle {
  const t = logIntensity(count, max);
  if (t === 0) return EMPTY_CELL;
  // Lightness from 95% (faint) to 38% (strong); hue fixed per kind so the diagonal never blends with errors.
  const hue = diagonal ? 214 : 8;
  const saturation = diagonal ? 70 : 78;
  return tintedCell(hue, saturation, 95 - t * 57);
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

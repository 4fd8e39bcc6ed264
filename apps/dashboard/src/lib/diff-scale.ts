// Colors of the confusion-difference heatmap: diverging around zero, blue where B does better and red where it does worse.
import { EMPTY_CELL, logIntensity, tintedCell, type CellStyle } from './heatmap-scale';

/**
 * More digits on the diagonal is better, more digits off it is worse, so the hue follows the benefit to B rather than
 * the sign: +3 correct 7s and −3 sevens-taken-for-1s are both blue. Lightness is log-scaled to the largest change of
 * the same kind (diagonal or not), as in the run page's matrix.
 */
export function deltaStyle(delta: number, maxAbs: number, diagonal: boolean): CellStyle {
  const t = logIntensity(Math.abs(delta), maxAbs);
  if (t === 0) return EMPTY_CELL;
  const better = diagonal ? delta > 0 : delta < 0;
  const hue = better ? 214 : 8;
  const saturation = better ? 70 : 78;
  return tintedCell(hue, saturation, 93 - t * 52);
}

/** The largest absolute change on the diagonal and off it: the two scales of the heatmap. */
export function deltaMaxima(delta: readonly (readonly number[])[]): { diagonal: number; offDiagonal: number } {
  let diagonal = 0;
  let offDiagonal = 0;
  delta.forEach((row, t) =>
    row.forEach((d, p) => {
      if (t === p) diagonal = Math.max(diagonal, Math.abs(d));
      else offDiagonal = Math.max(offDiagonal, Math.abs(d));
    }),
  );
  return { diagonal, offDiagonal };
}

/** "+5" / "−3" / "0" with a true minus sign, for cells and tooltips. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

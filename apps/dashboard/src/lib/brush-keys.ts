// Brushing a parallel-coordinates axis from the keyboard (the mouse drags; these keys do the same on a focused axis),
// and the words a screen reader hears for a brush.
import { paramTick } from './axis-ticks';
import type { Brush, SweepAxis } from './sweep-space';

/** One arrow press moves or resizes a brush by this share of the axis; PageUp/PageDown by four of them. */
export const BRUSH_STEP = 0.05;
/** A brush started from the keyboard covers this share of the axis, at the end its arrow points to. */
export const NEW_BRUSH = 0.25;

export interface BrushKey {
  key: string;
  shiftKey: boolean;
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Number(v.toFixed(6));

function moveBy(brush: Brush, delta: number): Brush {
  const width = brush[1] - brush[0];
  const lo = Math.min(1 - width, Math.max(0, brush[0] + delta));
  return [round(lo), round(lo + width)];
}

/** Wider or narrower around its middle; against an end of the axis it grows the other way, so each press counts. */
function resizeBy(brush: Brush, delta: number): Brush {
  const width = Math.min(1, Math.max(BRUSH_STEP, brush[1] - brush[0] + delta));
  const lo = Math.min(1 - width, Math.max(0, (brush[0] + brush[1]) / 2 - width / 2));
  return [round(lo), round(lo + width)];
}

/**
 * The brush after a key press on its axis: arrows move it (Shift+arrows widen or narrow it), PageUp/PageDown move it
 * further, Home/End take it to the top or the bottom, Escape, Delete and Backspace clear it. Without a brush an arrow
 * starts one at that end. `handled: false` leaves the key to the page (Tab, or Escape with nothing to clear).
 */
export function brushAfterKey(brush: Brush | undefined, { key, shiftKey }: BrushKey): { handled: boolean; brush: Brush | undefined } {
  const up = key === 'ArrowUp' || key === 'ArrowRight' || key === 'PageUp';
  const down = key === 'ArrowDown' || key === 'ArrowLeft' || key === 'PageDown';
  if (key === 'Escape' || key === 'Delete' || key === 'Backspace') return { handled: brush !== undefined, brush: undefined };
  if (!brush) {
    if (up || key === 'Home') return { handled: true, brush: [1 - NEW_BRUSH, 1] };
    if (down || key === 'End') return { handled: true, brush: [0, NEW_BRUSH] };
    return { handled: false, brush };
  }
  const step = key.startsWith('Page') ? 4 * BRUSH_STEP : BRUSH_STEP;
  if (up || down) {
    const sign = up ? 1 : -1;
    return { handled: true, brush: shiftKey && !key.startsWith('Page') ? resizeBy(brush, sign * 2 * step) : moveBy(brush, sign * step) };
  }
  if (key === 'Home') return { handled: true, brush: moveBy(brush, 1) };
  if (key === 'End') return { handled: true, brush: moveBy(brush, -1) };
  return { handled: false, brush };
}

/** The axis value at a position (0 bottom, 1 top): what a brush edge stands for. */
export function valueAt(axis: SweepAxis, pos: number): number | string {
  if (axis.kind === 'categorical') {
    const n = axis.categories.length;
    return axis.categories[Math.round(clamp(pos) * Math.max(0, n - 1))] ?? '';
  }
  if (axis.max === axis.min) return axis.min;
  if (axis.kind === 'log') return Math.exp(Math.log(axis.min) + clamp(pos) * (Math.log(axis.max) - Math.log(axis.min)));
  return axis.min + clamp(pos) * (axis.max - axis.min);
}

/** "val_accuracy from 93.1% to 97.2%", "arch: cnn to mlp", or "learningRate: not brushed", for aria-valuetext. */
export function describeBrush(axis: SweepAxis, brush: Brush | undefined, format: (v: number) => string = paramTick): string {
  if (!brush) return `${axis.key}: not brushed`;
  const text = (pos: number) => {
    const v = valueAt(axis, pos);
    return typeof v === 'number' ? format(v) : v;
  };
  const [lo, hi] = [text(brush[0]), text(brush[1])];
  return lo === hi ? `${axis.key}: only ${lo}` : `${axis.key} from ${lo} to ${hi}`;
}

// Tick values for the sweep page's hand-drawn SVG axes: round steps on linear axes, 1-2-5 per decade on log axes
// (the round values themselves come from @mnist-lab/contracts' ticks, which the trainer's pictures use too).
import { linearTicks, logTicks } from '@mnist-lab/contracts';
import { formatHyperparam } from './format';
import { axisPosition, type SweepAxis } from './sweep-space';

/** A hyperparameter axis's label for a value: three significant digits, as the config would spell it (1e-4, 0.003). */
export const paramTick = (v: number) => formatHyperparam(Number(v.toPrecision(3)));

export { linearTicks, logTicks } from '@mnist-lab/contracts';

export interface AxisTick {
  /** 0 (bottom or left) to 1. */
  pos: number;
  label: string;
}

/** Labeled ticks of a sweep axis: each category, or round values of a log or linear range. */
export function axisTicks(axis: SweepAxis, format: (v: number) => string, count = 4): AxisTick[] {
  if (axis.kind === 'categorical') {
    // Past a dozen categories the labels would collide: label every k-th.
    const every = Math.ceil(axis.categories.length / 12);
    return axis.categories.flatMap((c, i) => (i % every === 0 ? [{ pos: axisPosition(axis, c) ?? 0, label: c }] : []));
  }
  const values = axis.kind === 'log' ? logTicks(axis.min, axis.max, count + 2) : linearTicks(axis.min, axis.max, count);
  return values.flatMap((v) => {
    const pos = axisPosition(axis, v);
    return pos === undefined ? [] : [{ pos, label: format(v) }];
  });
}

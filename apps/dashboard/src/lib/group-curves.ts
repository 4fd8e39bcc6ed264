// Each group's band points for one metric, from its runs' series on the chart's x axis.
import { xValue, type MetricSeries, type XAxisMode } from './chart-data';
import { aggregateCurves, bandPoints, type BandKind, type BandPoint } from './group-stats';

export interface MemberSeries {
  series: MetricSeries;
  /** The run's start, epoch ms: the origin of the wall-time axis. */
  startedAt: number;
}

export function groupBandPoints(members: readonly MemberSeries[], opts: { mode: XAxisMode; band: BandKind; smoothing: number }): BandPoint[] {
  const curves = members.map(({ series, startedAt }) => ({
    x: series.value.map((_, i) => xValue(series, i, opts.mode, startedAt)),
    value: series.value,
  }));
  return bandPoints(aggregateCurves(curves), opts.band, opts.smoothing);
}

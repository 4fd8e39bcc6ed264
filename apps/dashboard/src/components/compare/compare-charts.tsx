'use client';
// The compare page's charts, one per metric: each run's curve, or each group's mean and band. Memoized apart from the
// rest of the page, so the runs' details arriving (50 requests' worth for 50 runs) do not redraw 6 charts of 50 lines.
import { memo, useMemo } from 'react';
import { chartAxis, type XAxisChoice } from '../../lib/chart-axis';
import { isBatchMetric, isLossMetric, orderMetrics, type ChartSeries } from '../../lib/chart-data';
import { groupBandPoints } from '../../lib/group-curves';
import type { BandKind } from '../../lib/group-stats';
import { MetricChart } from '../charts/metric-chart';
import { GroupChart, type GroupSeries } from './group-chart';

const LOSS = ['loss', 'val_loss'];
const ACCURACY = ['accuracy', 'val_accuracy'];
const MAIN_METRICS = [...LOSS, ...ACCURACY];

/** A group as the charts draw it: its color, label and the chart keys of its runs. */
export interface ChartGroup {
  key: string;
  label: string;
  color: string;
  memberKeys: readonly string[];
}

interface Props {
  seriesByMetric: ReadonlyMap<string, ChartSeries[]>;
  /** Empty: every run drawn on its own. */
  groups: readonly ChartGroup[];
  band: BandKind;
  xAxis: XAxisChoice;
  smoothing: number;
  logScale: boolean;
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
}

const Chart = memo(MetricChart);
const Grouped = memo(GroupChart);

export const CompareCharts = memo(function CompareCharts({ seriesByMetric, groups, band, xAxis, smoothing, logScale, hidden, onToggle }: Props) {
  // Seeds of a group align by epoch or step, not by wall time: a grouped chart on the time axis aggregates by epoch instead.
  const wallTime = xAxis === 'relative';
  const grouped = useMemo(() => {
    if (groups.length === 0) return undefined;
    const out = new Map<string, { groups: GroupSeries[]; mode: ReturnType<typeof chartAxis> }>();
    for (const [metric, series] of seriesByMetric) {
      const axis = chartAxis(metric, series, wallTime ? 'auto' : xAxis);
      const byKey = new Map(series.map((s) => [s.key, s]));
      const drawn = groups.flatMap((g): GroupSeries[] => {
        const members = g.memberKeys.flatMap((k) => {
          const s = byKey.get(k);
          return s ? [{ series: s.series, startedAt: s.startedAt }] : [];
        });
        if (members.length === 0) return [];
        return [{ key: g.key, label: `${g.label} (n=${g.memberKeys.length})`, color: g.color, points: groupBandPoints(members, { mode: axis.mode, band, smoothing }) }];
      });
      out.set(metric, { groups: drawn, mode: axis });
    }
    return out;
  }, [groups, seriesByMetric, band, smoothing, xAxis, wallTime]);

  const metrics = orderMetrics(seriesByMetric.keys());
  const batch = metrics.filter((m) => isBatchMetric(m));
  const others = metrics.filter((m) => !MAIN_METRICS.includes(m) && !isBatchMetric(m));
  // The epoch pairs are shown unless the runs log none of them (an SDK script logging only batch metrics, say).
  const showMain = metrics.length === 0 || MAIN_METRICS.some((m) => seriesByMetric.has(m));
  // The learning rate moves by factors (plateau halving, sweeps over decades): always on a log axis.
  const logFor = (metric: string) => (logScale && isLossMetric(metric)) || metric === 'lr';

  const chart = (metric: string) => {
    const g = grouped?.get(metric);
    if (grouped) {
      const axis = g?.mode ?? chartAxis(metric, [], wallTime ? 'auto' : xAxis);
      return (
        <Grouped
          key={metric}
          id={metric}
          title={metric}
          groups={g?.groups ?? []}
          hidden={hidden}
          onToggle={onToggle}
          mode={axis.mode}
          band={band}
          axisNote={axis.note ?? (wallTime ? 'groups by epoch/step, not wall time' : undefined)}
          smoothing={smoothing}
          logScale={logFor(metric)}
        />
      );
    }
    const series = seriesByMetric.get(metric) ?? [];
    const axis = chartAxis(metric, series, xAxis);
    return (
      <Chart
        key={metric}
        id={metric}
        title={metric}
        series={series}
        hidden={hidden}
        onToggle={onToggle}
        mode={axis.mode}
        axisNote={axis.note}
        smoothing={smoothing}
        logScale={logFor(metric)}
      />
    );
  };

  return (
    <>
      {showMain && (
        <>
          <h2 className="section-title">Loss</h2>
          <div className="grid-2">{LOSS.map(chart)}</div>
          <h2 className="section-title">Accuracy</h2>
          <div className="grid-2">{ACCURACY.map(chart)}</div>
        </>
      )}
      {batch.length > 0 && (
        <>
          <h2 className="section-title">Batch metrics</h2>
          <div className="grid-2">{batch.map(chart)}</div>
        </>
      )}
      {others.length > 0 && (
        <>
          <h2 className="section-title">Other metrics</h2>
          <div className="grid-3">{others.map(chart)}</div>
        </>
      )}
    </>
  );
});

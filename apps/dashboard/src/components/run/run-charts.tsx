'use client';
// A run's curves: train and validation overlaid per quantity (loss, accuracy), batch metrics by step, then any other metric.
import { useMemo, useState } from 'react';
import { chartAxis } from '../../lib/chart-axis';
import { isBatchMetric, isLossMetric, orderMetrics, type ChartSeries, type MetricSeries } from '../../lib/chart-data';
import type { CompareState } from '../../lib/compare-state';
import { toMillis } from '../../lib/format';
import { RUN_PALETTE } from '../../lib/palette';
import type { RunCurves } from '../../trpc/types';
import { ChartControls } from '../charts/chart-controls';
import { MetricChart } from '../charts/metric-chart';

/** Train and validation in the comparison palette's first two colors; other metrics in its gray. */
const TRAIN = RUN_PALETTE[0];
const VALIDATION = RUN_PALETTE[1];
const OTHER = RUN_PALETTE[7];
/** Pairs drawn in one chart: the train metric and its `val_` twin. */
const PAIRS = [
  { id: 'loss', metrics: ['loss', 'val_loss'] },
  { id: 'accuracy', metrics: ['accuracy', 'val_accuracy'] },
];

type ChartSettings = Omit<CompareState, 'runIds'>;

export function RunCharts({ curves }: { curves: RunCurves }) {
  const [settings, setSettings] = useState<ChartSettings>({ smoothing: 0, xAxis: 'auto', logScale: false });
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const startedAt = toMillis(curves.startedAt) ?? 0;
  const series: Record<string, MetricSeries> = curves.series;

  const charts = useMemo(() => {
    const make = (metric: string, color: string, dashed = false): ChartSeries[] =>
      series[metric] ? [{ key: metric, label: metric, color, dashed, series: series[metric], startedAt }] : [];
    const paired = new Set(PAIRS.flatMap((p) => p.metrics));
    return [
      // A script that logs only batch metrics has no epoch pair: no empty chart for it.
      ...PAIRS.map((p) => ({ id: p.id, title: p.metrics.join(' · '), series: [...make(p.metrics[0], TRAIN), ...make(p.metrics[1], VALIDATION)] })).filter(
        (c) => c.series.length > 0,
      ),
      ...orderMetrics(Object.keys(series))
        .filter((m) => !paired.has(m))
        .map((m) => ({
          id: m,
          title: m === 'lr' ? 'learning rate' : m,
          series: make(m, m.startsWith('val_') ? VALIDATION : isBatchMetric(m) ? TRAIN : OTHER),
        })),
    ];
  }, [series, startedAt]);

  const toggle = (key: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <>
      <div className="card">
        <ChartControls
          smoothing={settings.smoothing}
          onSmoothing={(smoothing) => setSettings({ ...settings, smoothing })}
          xAxis={settings.xAxis}
          onXAxis={(xAxis) => setSettings({ ...settings, xAxis })}
          logScale={settings.logScale}
          onLogScale={(logScale) => setSettings({ ...settings, logScale })}
        />
      </div>
      <div className="grid-2 section">
        {charts.map((c) => {
          const axis = chartAxis(c.id, c.series, settings.xAxis);
          return (
            <MetricChart
              key={c.id}
              id={c.id}
              title={c.title}
              series={c.series}
              hidden={hidden}
              onToggle={toggle}
              mode={axis.mode}
              axisNote={axis.note}
              smoothing={settings.smoothing}
              // The learning rate is halved on plateaus: steps read as equal on a log axis.
              logScale={(settings.logScale && isLossMetric(c.id)) || c.id === 'lr'}
            />
          );
        })}
      </div>
    </>
  );
}

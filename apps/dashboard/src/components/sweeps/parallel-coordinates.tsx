'use client';
// Parallel coordinates of a sweep (as W&B's sweep page and TensorBoard's HParams draw them): an axis per varied
// hyperparameter and one for the metric, a line per finished trial colored by its metric; hover shows a trial, click
// opens its run, and brushing an axis (a drag, or the arrow keys on a focused axis) keeps only the trials crossing that span.
import { useRouter } from 'next/navigation';
import { useId, useState, type MouseEvent } from 'react';
import { goodness, metricColor, metricScale } from '../../lib/metric-color';
import { axisPosition, insideBrushes, valueAxis, type Brush, type SweepAxis } from '../../lib/sweep-space';
import { formatMetric, metricTick, rankTrials, type Goal } from '../../lib/sweep-trials';
import { PcAxis, axisSubtitle } from './pc-axis';
import { PcBrush } from './pc-brush';
import { PcLegend } from './pc-legend';
import { TrialTooltip } from './trial-tooltip';
import { useElementWidth } from './use-element-width';
import type { SweepTrial } from './types';
import styles from './parallel-coordinates.module.css';

const HEIGHT = 320;
const M = { top: 46, right: 76, bottom: 14, left: 70 };
/** Pruned and filtered-out trials: the theme's color for marks that are not data. */
const PRUNED_COLOR = 'var(--mark)';

interface Props {
  axes: readonly SweepAxis[];
  trials: readonly SweepTrial[];
  metric: string;
  goal: Goal;
  highlight: string | null;
  onHighlight: (runId: string | null) => void;
}

export function ParallelCoordinates({ axes, trials, metric, goal, highlight, onHighlight }: Props) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const router = useRouter();
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  // Keyed by axis index; the metric axis is the last.
  const [brushes, setBrushes] = useState<ReadonlyMap<number, Brush>>(new Map());
  const keysHelp = useId();

  const scored = rankTrials(trials, goal);
  // Colors span the complete trials; pruned ones stopped early and are drawn gray and dashed, as hollow dots in the scatters.
  const scale = metricScale(scored.filter((t) => !t.pruned).map((t) => t.value), goal);
  const metricAxis = valueAxis(metric, scored.map((t) => t.value));
  const all = [...axes, metricAxis];
  const plotW = Math.max(0, width - M.left - M.right);
  const x = (i: number) => M.left + (all.length === 1 ? plotW / 2 : (i * plotW) / (all.length - 1));
  const y = (pos: number) => M.top + (1 - pos) * (HEIGHT - M.top - M.bottom);

  const lines = scored.map((t) => {
    const positions = [...axes.map((a) => axisPosition(a, t.params[a.key as keyof SweepTrial['params']])), axisPosition(metricAxis, t.value)];
    // An axis the trial has no value on (a conditional parameter of the other family: an MLP has no conv filters) is
    // crossed, not touched: the line joins the trial's values on either side, so every trial stays one line.
    const first = positions.findIndex((p) => p !== undefined);
    const d = positions.map((p, i) => (p === undefined ? '' : `${i === first ? 'M' : 'L'}${x(i).toFixed(1)},${y(p).toFixed(1)}`)).join('');
    const color = t.pruned ? PRUNED_COLOR : metricColor(scale, t.value);
    return { t, d, color, rank: goodness(scale, t.value), kept: insideBrushes(positions, brushes) };
  });
  // Filtered-out lines underneath, then pruned ones, then worst to best, so the best lines stay on top.
  const order = [...lines].sort((a, b) => Number(a.kept) - Number(b.kept) || Number(b.t.pruned) - Number(a.t.pruned) || a.rank - b.rank);
  const hovered = lines.find((l) => l.t.runId === highlight && l.kept);

  const open = (e: MouseEvent, runId: string) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    router.push(`/runs/${runId}`);
  };
  const brush = (axis: number, span: Brush | undefined) =>
    setBrushes((prev) => {
      const next = new Map(prev);
      if (span) next.set(axis, span);
      else next.delete(axis);
      return next;
    });

  return (
    <div
      className={styles.pc}
      ref={ref}
      data-testid="parallel-coordinates"
      onMouseMove={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        setPointer({ x: e.clientX - box.left, y: e.clientY - box.top });
      }}
      onMouseLeave={() => {
        setPointer(null);
        onHighlight(null);
      }}
    >
      {width > 0 && (
        <svg width={width} height={HEIGHT} className={hovered ? `${styles.svg} ${styles.hasHighlight}` : styles.svg} role="group" aria-label={`Parallel coordinates of ${scored.length} finished trials`}>
          <g>
            {order.map(({ t, d, color, kept }) => (
              <a
                key={t.runId}
                href={`/runs/${t.runId}`}
                onClick={(e) => open(e, t.runId)}
                className={kept ? styles.trial : `${styles.trial} ${styles.filtered}`}
                data-testid="pc-line"
                data-run-id={t.runId}
                data-pruned={t.pruned}
                data-kept={kept}
                aria-label={`Trial ${t.trial ?? ''} ${t.name}: ${formatMetric(metric, t.value)}`}
                onMouseEnter={() => onHighlight(t.runId)}
              >
                <path d={d} className={styles.hit} />
                <path d={d} className={styles.line} data-testid="pc-path" style={{ stroke: kept ? color : PRUNED_COLOR }} strokeDasharray={t.pruned ? '5 4' : undefined} />
              </a>
            ))}
          </g>
          {hovered && <path d={hovered.d} className={`${styles.line} ${styles.top}`} style={{ stroke: hovered.color }} strokeDasharray={hovered.t.pruned ? '5 4' : undefined} />}
          <g className={styles.axes}>
            {all.map((axis, i) =>
              i === all.length - 1 ? (
                <PcAxis key={axis.key} axis={axis} x={x(i)} y={y} title={`${metric} ${goal === 'minimize' ? '↓' : '↑'}`} subtitle="metric" format={(v) => metricTick(metric, v)} />
              ) : (
                <PcAxis key={axis.key} axis={axis} x={x(i)} y={y} title={axis.key} subtitle={axisSubtitle(axis)} />
              ),
            )}
          </g>
          {all.map((axis, i) => (
            <PcBrush
              key={axis.key}
              axis={axis}
              x={x(i)}
              top={y(1)}
              bottom={y(0)}
              brush={brushes.get(i)}
              format={i === all.length - 1 ? (v) => metricTick(metric, v) : undefined}
              describedBy={keysHelp}
              onChange={(span) => brush(i, span)}
            />
          ))}
        </svg>
      )}
      {hovered && pointer && <TrialTooltip trial={hovered.t} axes={axes} metric={metric} pointer={pointer} width={width} />}
      <PcLegend
        metric={metric}
        scale={scale}
        pruned={scored.filter((t) => t.pruned).length}
        kept={brushes.size > 0 ? lines.filter((l) => l.kept).length : undefined}
        total={lines.length}
        onClear={() => setBrushes(new Map())}
        keysHelpId={keysHelp}
      />
    </div>
  );
}

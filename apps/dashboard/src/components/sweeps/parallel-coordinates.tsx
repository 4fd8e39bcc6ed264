'use client';
// Parallel coordinates of a sweep (as W&B's sweep page and TensorBoard's HParams draw them): an axis per varied
// hyperparameter and one for the metric, a line per finished trial colored by its metric; hover shows it, click opens it.
import { useRouter } from 'next/navigation';
import { useState, type MouseEvent } from 'react';
import { axisTicks } from '../../lib/axis-ticks';
import { formatHyperparam } from '../../lib/format';
import { goodness, metricColor, metricScale, scaleGradient } from '../../lib/metric-color';
import { axisPosition, valueAxis, type SweepAxis } from '../../lib/sweep-space';
import { formatMetric, metricTick, rankTrials, type Goal } from '../../lib/sweep-trials';
import { TrialTooltip } from './trial-tooltip';
import { useElementWidth } from './use-element-width';
import type { SweepTrial } from './types';

const HEIGHT = 320;
const M = { top: 46, right: 76, bottom: 14, left: 70 };
const MAX_LABEL = 14;
const PRUNED_COLOR = '#9aa3ad';

interface Props {
  axes: readonly SweepAxis[];
  trials: readonly SweepTrial[];
  metric: string;
  goal: Goal;
  highlight: string | null;
  onHighlight: (runId: string | null) => void;
}

const paramTick = (v: number) => formatHyperparam(Number(v.toPrecision(3)));
const clip = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

export function ParallelCoordinates({ axes, trials, metric, goal, highlight, onHighlight }: Props) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const router = useRouter();
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);

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
    // A missing value breaks the line there rather than dropping the whole trial.
    const d = positions.map((p, i) => (p === undefined ? '' : `${i === 0 || positions[i - 1] === undefined ? 'M' : 'L'}${x(i).toFixed(1)},${y(p).toFixed(1)}`)).join('');
    return { t, d, color: t.pruned ? PRUNED_COLOR : metricColor(scale, t.value), rank: goodness(scale, t.value) };
  });
  // Pruned trials underneath, then worst to best, so the best lines stay on top.
  const order = [...lines].sort((a, b) => (a.t.pruned !== b.t.pruned ? (a.t.pruned ? -1 : 1) : a.rank - b.rank));
  const hovered = lines.find((l) => l.t.runId === highlight);
  const prunedCount = scored.filter((t) => t.pruned).length;

  const open = (e: MouseEvent, runId: string) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    router.push(`/runs/${runId}`);
  };

  return (
    <div
      className="pc"
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
        <svg width={width} height={HEIGHT} className={hovered ? 'pc-svg has-highlight' : 'pc-svg'} role="img" aria-label={`Parallel coordinates of ${scored.length} finished trials`}>
          <g className="pc-lines">
            {order.map(({ t, d, color }) => (
              <a
                key={t.runId}
                href={`/runs/${t.runId}`}
                onClick={(e) => open(e, t.runId)}
                className={t.runId === highlight ? 'pc-trial is-highlighted' : 'pc-trial'}
                data-testid="pc-line"
                data-run-id={t.runId}
                data-pruned={t.pruned}
                aria-label={`Trial ${t.trial ?? ''} ${t.name}: ${formatMetric(metric, t.value)}`}
                onMouseEnter={() => onHighlight(t.runId)}
              >
                <path d={d} className="pc-hit" />
                <path d={d} className="pc-line" stroke={color} strokeDasharray={t.pruned ? '5 4' : undefined} />
              </a>
            ))}
          </g>
          {hovered && <path d={hovered.d} className="pc-line pc-line-top" stroke={hovered.color} strokeDasharray={hovered.t.pruned ? '5 4' : undefined} />}
          <g className="pc-axes">
            {all.map((axis, i) => {
              const isMetric = i === all.length - 1;
              return (
                <g key={axis.key} transform={`translate(${x(i)},0)`}>
                  <text className="pc-axis-title" y={M.top - 26} textAnchor="middle">
                    {isMetric ? `${metric} ${goal === 'minimize' ? '↓' : '↑'}` : axis.key}
                  </text>
                  <text className="pc-axis-kind" y={M.top - 12} textAnchor="middle">
                    {isMetric ? 'metric' : axis.kind === 'log' ? 'log scale' : axis.kind === 'categorical' ? 'values' : 'linear'}
                  </text>
                  <line y1={y(0)} y2={y(1)} className="pc-axis-line" />
                  {axisTicks(axis, isMetric ? (v) => metricTick(metric, v) : paramTick).map((tick) => (
                    <g key={tick.label} transform={`translate(0,${y(tick.pos)})`}>
                      <line x1={-4} x2={0} className="pc-axis-line" />
                      <text x={-7} dy="0.32em" textAnchor="end" className="pc-tick">
                        {clip(tick.label)}
                      </text>
                    </g>
                  ))}
                </g>
              );
            })}
          </g>
        </svg>
      )}
      {hovered && pointer && <TrialTooltip trial={hovered.t} axes={axes} metric={metric} pointer={pointer} width={width} />}
      <div className="pc-legend">
        <span className="muted">{metric}</span>
        <span className="num">{formatMetric(metric, goal === 'maximize' ? scale.min : scale.max)}</span>
        <span className="pc-gradient" style={{ background: scaleGradient() }} aria-hidden />
        <span className="num">{formatMetric(metric, goal === 'maximize' ? scale.max : scale.min)}</span>
        <span className="muted">(worst → best)</span>
        {prunedCount > 0 && (
          <span className="muted">
            <span className="pc-dash" aria-hidden /> pruned ({prunedCount}): stopped early by the median rule
          </span>
        )}
        <span className="spacer" />
        <span className="muted">Hover a line for its values; click to open its run.</span>
      </div>
    </div>
  );
}

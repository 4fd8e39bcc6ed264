'use client';
// The metric against one hyperparameter: a dot per finished trial (hollow for pruned ones), log x for log-uniform
// ranges, one column per value of a list; the header gives Spearman's rho, as W&B's parameter-importance panel does.
import { useRouter } from 'next/navigation';
import type { MouseEvent } from 'react';
import { axisTicks, paramTick } from '../../lib/axis-ticks';
import { formatHyperparam, formatNumber } from '../../lib/format';
import type { MetricScale } from '../../lib/metric-color';
import { metricColor } from '../../lib/metric-color';
import { spearman } from '../../lib/rank-correlation';
import { axisPosition, type SweepAxis } from '../../lib/sweep-space';
import { formatMetric, metricTick } from '../../lib/sweep-trials';
import { useElementWidth } from './use-element-width';
import type { SweepTrial } from './types';
import chart from '../charts/chart-card.module.css';
import styles from './parallel-coordinates.module.css';

const HEIGHT = 190;
const M = { top: 10, right: 14, bottom: 26, left: 54 };

interface Props {
  axis: SweepAxis;
  /** Finished trials with a value. */
  trials: readonly (SweepTrial & { value: number })[];
  metric: string;
  metricAxis: SweepAxis;
  scale: MetricScale;
  bestRunId: string | undefined;
  highlight: string | null;
  onHighlight: (runId: string | null) => void;
}

/** A small fixed offset per run inside a category's column, so trials with the same value do not hide each other. */
function jitter(runId: string): number {
  let h = 0;
  for (const c of runId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h % 1000) / 1000 - 0.5;
}

const paramOf = (t: SweepTrial, key: string) => t.params[key as keyof SweepTrial['params']];

export function ParamScatter({ axis, trials, metric, metricAxis, scale, bestRunId, highlight, onHighlight }: Props) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const router = useRouter();
  const plotW = Math.max(0, width - M.left - M.right);
  const bands = axis.categories.length;
  // Categories sit in the middle of equal columns; ranges keep a little air at both ends.
  const xOf = (pos: number, spread = 0) =>
    M.left + (axis.kind === 'categorical' ? ((pos * (bands - 1) + 0.5 + spread * 0.4) / bands) * plotW : (0.03 + 0.94 * pos) * plotW);
  const y = (pos: number) => M.top + (1 - pos) * (HEIGHT - M.top - M.bottom);

  const complete = trials.filter((t) => !t.pruned);
  const numeric = complete.filter((t) => typeof paramOf(t, axis.key) === 'number');
  const rho = numeric.length === complete.length ? spearman(numeric.map((t) => paramOf(t, axis.key) as number), numeric.map((t) => t.value)) : undefined;
  // Pruned first, the best last: drawn on top.
  const order = [...trials].sort((a, b) => Number(b.pruned) - Number(a.pruned) || Number(a.runId === bestRunId) - Number(b.runId === bestRunId));

  const open = (e: MouseEvent, runId: string) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    router.push(`/runs/${runId}`);
  };

  return (
    <section className={`card ${chart.card}`} data-testid={`scatter-${axis.key}`}>
      <header className={chart.header}>
        <h3>{axis.key}</h3>
        {axis.kind === 'log' && <span className={chart.flag}>log</span>}
        <span className="spacer" />
        {rho !== undefined && (
          <span className={`num ${styles.rho}`} title={`Spearman rank correlation of ${axis.key} with ${metric} over complete trials (+1: more ${axis.key}, higher ${metric})`}>
            ρ {rho >= 0 ? '+' : '−'}
            {formatNumber(Math.abs(rho), 2)}
          </span>
        )}
      </header>
      <div className={chart.body} ref={ref}>
        {width > 0 && (
          <svg width={width} height={HEIGHT} className={styles.svg} role="img" aria-label={`${metric} against ${axis.key}`}>
            {axisTicks(metricAxis, (v) => metricTick(metric, v), 4).map((tick) => (
              <g key={tick.label} transform={`translate(0,${y(tick.pos)})`}>
                <line x1={M.left} x2={width - M.right} className={styles.gridline} />
                <text x={M.left - 6} dy="0.32em" textAnchor="end" className={styles.tick}>
                  {tick.label}
                </text>
              </g>
            ))}
            <line x1={M.left} x2={width - M.right} y1={y(0)} y2={y(0)} className={styles.axisLine} />
            {axisTicks(axis, paramTick, 4).map((tick) => (
              <text key={tick.label} x={xOf(tick.pos)} y={HEIGHT - 8} textAnchor="middle" className={styles.tick}>
                {tick.label}
              </text>
            ))}
            {order.map((t) => {
              const px = axisPosition(axis, paramOf(t, axis.key));
              const py = axisPosition(metricAxis, t.value);
              if (px === undefined || py === undefined) return null;
              const best = t.runId === bestRunId;
              const r = (best ? 5.5 : 4) + (t.runId === highlight ? 2 : 0);
              return (
                <a
                  key={t.runId}
                  href={`/runs/${t.runId}`}
                  onClick={(e) => open(e, t.runId)}
                  onMouseEnter={() => onHighlight(t.runId)}
                  onMouseLeave={() => onHighlight(null)}
                  data-testid="scatter-point"
                  data-pruned={t.pruned}
                >
                  <title>{`Trial ${t.trial ?? '—'} · ${t.name}: ${axis.key} ${formatHyperparam(paramOf(t, axis.key))}, ${metric} ${formatMetric(metric, t.value)}${t.pruned ? ' (pruned)' : ''}`}</title>
                  <circle
                    cx={xOf(px, jitter(t.runId))}
                    cy={y(py)}
                    r={r}
                    className={[styles.dot, t.pruned ? styles.prunedDot : best && styles.bestDot, t.runId === highlight && styles.highlighted].filter(Boolean).join(' ')}
                    fill={t.pruned ? undefined : metricColor(scale, t.value)}
                  />
                </a>
              );
            })}
          </svg>
        )}
      </div>
    </section>
  );
}

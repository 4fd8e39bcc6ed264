'use client';
// Which hyperparameters mattered: fANOVA importance over a random forest of the finished trials (Optuna's default),
// and the contour of the metric over the two that mattered most, the others averaged out.
import { useMemo } from 'react';
import { axisTicks, paramTick } from '../../lib/axis-ticks';
import { fanovaImportance, fitForest, pairMarginal } from '../../lib/fanova';
import { metricColor, metricScale } from '../../lib/metric-color';
import { axisPosition, type SweepAxis } from '../../lib/sweep-space';
import { formatMetric, type Goal } from '../../lib/sweep-trials';
import type { SweepTrial } from './types';
import styles from './importance-panel.module.css';

/** Fewer finished trials than this say too little for a forest to split on. */
export const MIN_TRIALS = 5;
const CELLS = 24;
const SIZE = 300;
const M = { top: 10, right: 22, bottom: 34, left: 58 };

interface Props {
  axes: readonly SweepAxis[];
  trials: readonly SweepTrial[];
  metric: string;
  goal: Goal;
}

const paramOf = (t: SweepTrial, key: string) => t.params[key as keyof SweepTrial['params']];

export function ImportancePanel({ axes, trials, metric, goal }: Props) {
  // The page re-renders on every hover (the highlighted trial) with axes built afresh: the forest is fitted again
  // only when the trials or the axes themselves change.
  const axesKey = axes.map((a) => `${a.key}:${a.kind}:${a.min}:${a.max}:${a.categories.join(',')}`).join('|');
  const fitted = useMemo(() => {
    const scored = trials.filter((t): t is SweepTrial & { value: number } => t.status === 'finished' && !t.pruned && typeof t.value === 'number' && Number.isFinite(t.value));
    if (scored.length < MIN_TRIALS || axes.length === 0) return undefined;
    // A parameter a trial did not have (a conditional one) sits at the axis' start.
    const xs = scored.map((t) => axes.map((a) => axisPosition(a, paramOf(t, a.key)) ?? 0));
    const ys = scored.map((t) => t.value);
    const forest = fitForest(xs, ys);
    const importance = fanovaImportance(forest);
    const ranked = axes.map((axis, i) => ({ axis, i, share: importance[i] })).sort((a, b) => b.share - a.share);
    const pair = ranked.length >= 2 ? ([ranked[0], ranked[1]] as const) : undefined;
    return { scored, xs, ranked, pair, contour: pair ? pairMarginal(forest, pair[0].i, pair[1].i, CELLS) : undefined };
    // axesKey stands for axes: the same key, the same axes.
  }, [axesKey, trials]);

  if (!fitted) {
    return <p className={styles.note}>Importance appears once {MIN_TRIALS} trials have finished (not counting pruned ones).</p>;
  }
  const { scored, xs, ranked, pair, contour } = fitted;
  const scale = metricScale(contour ? contour.flat() : scored.map((t) => t.value), goal);
  const plot = SIZE - M.left - M.right;
  const plotH = SIZE - M.top - M.bottom;
  const cell = plot / CELLS;
  const cellH = plotH / CELLS;

  return (
    <div className={styles.panel} data-testid="importance-panel">
      <table className={styles.bars} aria-label="Parameter importance (fANOVA)">
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Importance</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map(({ axis, share }) => (
            <tr key={axis.key} data-testid="importance-row" data-key={axis.key} data-share={share.toFixed(4)}>
              <th scope="row">{axis.key}</th>
              <td>
                <div className={styles.meter}>
                  <span className={styles.track} aria-hidden="true">
                    <span className={styles.bar} style={{ width: `${Math.max(1, share * 100)}%` }} />
                  </span>
                  <span className={styles.share}>{(share * 100).toFixed(1)}%</span>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pair && contour && (
        <figure className={styles.contour}>
          <svg width={SIZE} height={SIZE} role="img" aria-label={`${metric} over ${pair[0].axis.key} and ${pair[1].axis.key}, the other parameters averaged out`} data-testid="importance-contour">
            {contour.map((row, r) =>
              row.map((v, c) => (
                <rect key={`${r}-${c}`} x={M.left + c * cell} y={M.top + (CELLS - 1 - r) * cellH} width={cell + 0.5} height={cellH + 0.5} fill={metricColor(scale, v)}>
                  <title>{formatMetric(metric, v)}</title>
                </rect>
              )),
            )}
            {scored.map((t, k) => (
              <circle key={t.runId} cx={M.left + xs[k][pair[0].i] * plot} cy={M.top + (1 - xs[k][pair[1].i]) * plotH} r={3} className={styles.dot}>
                <title>{`trial ${t.trial ?? '?'}: ${formatMetric(metric, t.value)}`}</title>
              </circle>
            ))}
            {axisTicks(pair[0].axis, paramTick, 3).map((tick) => (
              <text key={`x${tick.label}`} x={M.left + tick.pos * plot} y={SIZE - M.bottom + 14} textAnchor="middle" className={styles.tick}>
                {tick.label}
              </text>
            ))}
            {axisTicks(pair[1].axis, paramTick, 3).map((tick) => (
              <text key={`y${tick.label}`} x={M.left - 6} y={M.top + (1 - tick.pos) * plotH + 4} textAnchor="end" className={styles.tick}>
                {tick.label}
              </text>
            ))}
            <text x={M.left + plot / 2} y={SIZE - 4} textAnchor="middle" className={styles.label}>
              {pair[0].axis.key}
            </text>
          </svg>
          <figcaption className={styles.note}>
            {metric} predicted over {pair[0].axis.key} (across) and {pair[1].axis.key} (up), the other parameters averaged out; dots are the
            finished trials.
          </figcaption>
        </figure>
      )}
    </div>
  );
}

// The hover card of a trial in the parallel-coordinates view: its number and run, each varied hyperparameter, the metric.
import { formatHyperparam } from '../../lib/format';
import type { SweepAxis } from '../../lib/sweep-space';
import { formatMetric } from '../../lib/sweep-trials';
import type { SweepTrial } from './types';
import chart from '../charts/chart-card.module.css';
import styles from './parallel-coordinates.module.css';

interface Props {
  trial: SweepTrial;
  axes: readonly SweepAxis[];
  metric: string;
  pointer: { x: number; y: number };
  width: number;
}

export function TrialTooltip({ trial, axes, metric, pointer, width }: Props) {
  // Beside the pointer, flipped to its left near the right edge so it never leaves the card.
  const left = pointer.x + 260 > width ? Math.max(0, pointer.x - 256) : pointer.x + 16;
  return (
    <div className={`${chart.tooltip} ${styles.tooltip}`} style={{ left, top: Math.max(0, pointer.y - 20) }} data-testid="pc-tooltip">
      <div className={chart.tooltipTitle}>
        Trial {trial.trial ?? '—'} · {trial.name}
        {trial.pruned && <span className={chart.flag}>pruned</span>}
      </div>
      <table>
        <tbody>
          {axes.map((a) => (
            <tr key={a.key}>
              <td className="muted">{a.key}</td>
              <td className={chart.value}>{formatHyperparam(trial.params[a.key as keyof SweepTrial['params']])}</td>
            </tr>
          ))}
          <tr>
            <td>{metric}</td>
            <td className={chart.value}>{formatMetric(metric, trial.value)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

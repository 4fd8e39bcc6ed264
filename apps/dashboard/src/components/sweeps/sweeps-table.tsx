// The sweeps list: one row per sweep with its status, search method, metric, progress and best result.
import { Link } from '../common/app-link';
import { formatDateTime } from '../../lib/format';
import { methodLabel } from '../../lib/sweep-space';
import { formatMetric } from '../../lib/sweep-trials';
import { StatusBadge } from '../common/status-badge';
import { SweepGoal } from './sweep-goal';
import { SweepProgressBar } from './sweep-progress-bar';
import type { SweepSummary } from './types';
import styles from './sweeps.module.css';

/**
 * The list has no plannedTrials (sweeps.get has): a finished sweep ran every trial it had, which is fewer than
 * maxTrials when its grid is smaller; a running or stopped one is measured against maxTrials.
 */
const plannedTrials = (s: SweepSummary) => (s.status === 'finished' ? Math.min(s.maxTrials, s.runCount) : s.maxTrials);

export function SweepsTable({ sweeps }: { sweeps: readonly SweepSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="sweeps-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Method</th>
            <th>Metric</th>
            <th title="Trials done (pruned ones included) out of maxTrials">Progress</th>
            <th className="numeric" title="The best trial's metric; opens that run">Best</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {sweeps.map((s) => (
            <tr key={s.id} data-testid="sweep-row" data-sweep-id={s.id}>
              <td>
                <Link href={`/sweeps/${s.id}`} className="run-name" title={s.name}>
                  {s.name}
                </Link>
              </td>
              <td>
                <StatusBadge status={s.status} />
              </td>
              <td>{methodLabel(s.method)}</td>
              <td>
                <SweepGoal metric={s.metric} goal={s.goal} />
              </td>
              <td className={styles.progressCell}>
                <SweepProgressBar progress={s.progress} planned={plannedTrials(s)} />
              </td>
              <td className="numeric best">
                {s.bestRunId ? (
                  <Link href={`/runs/${s.bestRunId}`} data-testid="sweep-best-run" title="Open the best run">
                    {formatMetric(s.metric, s.bestValue)}
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{formatDateTime(s.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

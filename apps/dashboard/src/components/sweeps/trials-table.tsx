// A sweep's trials: number, run, status (pruned shown as such), each varied hyperparameter, the metric and epochs; sortable.
import { Link } from '../common/app-link';
import { useState } from 'react';
import { formatDuration, formatHyperparam } from '../../lib/format';
import type { SweepAxis } from '../../lib/sweep-space';
import { formatMetric, nextSort, sortTrials, type Goal, type TrialSort, type TrialSortKey } from '../../lib/sweep-trials';
import { StatusBadge } from '../common/status-badge';
import type { SweepTrial } from './types';
import styles from './sweeps.module.css';

interface Props {
  trials: readonly SweepTrial[];
  axes: readonly SweepAxis[];
  metric: string;
  goal: Goal;
  bestRunId: string | undefined;
  highlight: string | null;
  onHighlight: (runId: string | null) => void;
}

export function TrialsTable({ trials, axes, metric, goal, bestRunId, highlight, onHighlight }: Props) {
  const [sort, setSort] = useState<TrialSort>({ key: 'trial', direction: 'asc' });
  const rows = sortTrials(trials, sort);
  const header = (key: TrialSortKey, label: string, numeric = false, title?: string, name = false) => {
    const active = sort.key === key;
    return (
      <th
        key={key}
        className={[numeric && 'numeric', name && 'name-col'].filter(Boolean).join(' ') || undefined}
        aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
        data-testid={`trials-sort-${key}`}
      >
        <button type="button" className="sort-button" title={title ?? `Sort by ${label}`} onClick={() => setSort(nextSort(sort, key, goal))}>
          {label}
          <span className="sort-arrow" aria-hidden>
            {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="table-wrap">
      <table className="table" data-testid="trials-table">
        <thead>
          <tr>
            {header('trial', '#', true, 'Sort by trial number')}
            <th>Run</th>
            <th>Status</th>
            {axes.map((a) => header(`param:${a.key}`, a.key, false, undefined, true))}
            {header('value', metric, true, `Sort by ${metric}, best first`, true)}
            {header('epochs', 'Epochs', true)}
            <th className="numeric">Duration</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr
              key={t.runId}
              data-testid="trial-row"
              data-run-id={t.runId}
              aria-selected={highlight === t.runId}
              onMouseEnter={() => onHighlight(t.runId)}
              onMouseLeave={() => onHighlight(null)}
            >
              <td className="numeric">{t.trial ?? '—'}</td>
              <td>
                <Link href={`/runs/${t.runId}`} className="run-name" title={t.name}>
                  {t.name}
                </Link>
                {t.runId === bestRunId && <span className={`tag ${styles.bestTag}`}>best</span>}
                {t.archived && (
                  <span className={`tag ${styles.archivedTag}`} data-testid="archived-tag" title="Archived: left out of the runs table until restored">
                    archived
                  </span>
                )}
              </td>
              <td>
                <StatusBadge status={t.pruned ? 'pruned' : t.status} />
              </td>
              {axes.map((a) => (
                <td key={a.key} className="num">
                  {formatHyperparam(t.params[a.key as keyof SweepTrial['params']])}
                </td>
              ))}
              <td className={t.runId === bestRunId ? 'numeric best' : 'numeric'} data-testid="trial-value">
                {formatMetric(metric, t.value)}
              </td>
              <td className="numeric">{t.epochs}</td>
              <td className="numeric">{formatDuration(t.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

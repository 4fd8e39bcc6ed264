// One cell of the runs table: how each column reads a run row.
import { configValue } from '@mnist-lab/contracts';
import { Link } from '../common/app-link';
import type { TableColumn } from '../../lib/run-columns';
import {
  formatDateTime,
  formatDuration,
  formatHyperparam,
  formatInteger,
  formatNumber,
  formatPercent,
  toMillis,
} from '../../lib/format';
import type { RunRow } from '../../trpc/types';
import { StatusBadge } from '../common/status-badge';

/** Finished runs have a duration; live ones show time since start up to their last heartbeat; queued ones none yet. */
function RunDuration({ row }: { row: RunRow }) {
  if (row.durationMs != null) return <>{formatDuration(row.durationMs)}</>;
  if (row.status === 'queued') return <span className="muted">—</span>;
  const start = toMillis(row.startedAt);
  const beat = toMillis(row.heartbeatAt);
  if (start == null || beat == null) return <span className="muted">—</span>;
  return (
    <span className="muted" title="so far">
      {formatDuration(Math.max(0, beat - start))}
    </span>
  );
}

/** A config key's value; a run without the key gets an empty cell, as W&B's and MLflow's tables leave it. */
function ConfigCell({ row, path }: { row: RunRow; path: string }) {
  const value = configValue(row.config ?? {}, path);
  if (value === undefined) return null;
  const text = formatHyperparam(value);
  return <span title={text}>{text}</span>;
}

export function RunCell({ row, column }: { row: RunRow; column: TableColumn }) {
  if (column.path !== undefined) return <ConfigCell row={row} path={column.path} />;
  switch (column.id) {
    case 'status':
      return <StatusBadge status={row.status} />;
    case 'sweep':
      return row.sweepId ? (
        <Link href={`/?sweep=${row.sweepId}`} title="Show this sweep's runs">
          {row.sweepName ?? row.sweepId.slice(0, 8)}
        </Link>
      ) : (
        <span className="muted">—</span>
      );
    case 'tags':
      return (
        <span style={{ display: 'inline-flex', gap: 4 }}>
          {row.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </span>
      );
    case 'family':
      return row.family ? <>{row.family}</> : <span className="muted">—</span>;
    case 'paramCount':
      return <>{formatInteger(row.paramCount)}</>;
    case 'learningRate':
      return <>{formatNumber(row.learningRate, 6)}</>;
    case 'batchSize':
      return <>{formatInteger(row.batchSize)}</>;
    case 'dropout':
      return <>{formatNumber(row.dropout, 3)}</>;
    case 'backend':
      return <>{row.backend}</>;
    case 'seed':
      return <>{row.seed ?? '—'}</>;
    case 'lastEpoch':
      return <>{formatInteger(row.lastEpoch)}</>;
    case 'bestValAccuracy':
      return <>{formatPercent(row.bestValAccuracy)}</>;
    case 'bestValLoss':
      return <>{formatNumber(row.bestValLoss)}</>;
    case 'testAccuracy':
      return <span className="best">{formatPercent(row.testAccuracy)}</span>;
    case 'testLoss':
      return <>{formatNumber(row.testLoss)}</>;
    case 'misclassifiedCount':
      return <>{formatInteger(row.misclassifiedCount)}</>;
    case 'duration':
      return <RunDuration row={row} />;
    case 'startedAt':
      return <span title={String(row.startedAt)}>{formatDateTime(row.startedAt)}</span>;
    default:
      return null;
  }
}

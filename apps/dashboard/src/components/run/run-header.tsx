// A run's identity and outcome at a glance: name, status, tags, notes, provenance and command line, key numbers, the error if it failed.
import { formatDateTime, formatDuration, formatInteger, formatNumber, formatPercent, toMillis } from '../../lib/format';
import { isLiveStatus } from '../../trpc/live';
import type { RunDetail } from '../../trpc/types';
import { StatusBadge } from '../common/status-badge';
import { RunManage } from '../manage/run-manage';
import { RunTitle } from '../manage/run-title';
import header from '../common/entity-header.module.css';
import styles from './run-config.module.css';

function Stat({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className={header.stat} title={title}>
      <div className={header.statLabel}>{label}</div>
      <div className={`num ${header.statValue}`}>{value}</div>
    </div>
  );
}

export function RunHeader({ run }: { run: RunDetail }) {
  const live = isLiveStatus(run.status);
  const start = toMillis(run.startedAt);
  const beat = toMillis(run.heartbeatAt);
  const duration = run.durationMs ?? (start != null && beat != null ? beat - start : null);
  // The planned epoch count, where the config names one (the trainer's and Keras users' `epochs`).
  const planned = run.config.epochs;
  const epochs = typeof planned === 'number' && Number.isInteger(planned) && planned > 0 ? planned : undefined;
  return (
    <header className={header.header}>
      <div className={header.title}>
        <RunTitle run={run} />
        <StatusBadge status={run.status} />
        {live && <span className="live-dot">updating live</span>}
        {run.tags.map((t) => (
          <span key={t} className="tag" data-testid="run-tag">
            {t}
          </span>
        ))}
      </div>
      <dl className={header.meta} data-testid="run-meta">
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(run.startedAt)}</dd>
        </div>
        <div>
          <dt>Backend</dt>
          <dd>{run.backend}</dd>
        </div>
        {run.seed != null && (
          <div>
            <dt>Seed</dt>
            <dd>{run.seed}</dd>
          </div>
        )}
        {run.sweepId && (
          <div>
            <dt>Sweep</dt>
            <dd>
              <a href={`/sweeps/${run.sweepId}`}>{run.sweepName ?? run.sweepId.slice(0, 8)}</a>
            </dd>
          </div>
        )}
        {run.host && (
          <div>
            <dt>Host</dt>
            <dd>{run.host}</dd>
          </div>
        )}
        {run.gitCommit && (
          <div>
            <dt>Commit</dt>
            <dd>
              <code>{run.gitCommit.slice(0, 10)}</code>
            </dd>
          </div>
        )}
        <div>
          <dt>Id</dt>
          <dd>
            <code>{run.id}</code>
          </dd>
        </div>
      </dl>
      {run.command && (
        <p className={styles.command}>
          <span className={styles.commandLabel}>Command</span>
          <code data-testid="run-command">{run.command}</code>
        </p>
      )}
      {run.notes && <p className={header.notes} data-testid="run-notes">{run.notes}</p>}
      <RunManage run={run} />
      {run.error && (
        <pre className={`banner banner-error ${header.error}`} role="alert">
          {run.status === 'crashed' ? 'Crashed: ' : 'Failed: '}
          {run.error}
        </pre>
      )}
      {!run.error && run.status === 'crashed' && (
        <p className="banner banner-error" role="alert">
          The trainer stopped sending heartbeats, so this run was marked crashed. Its logged epochs are kept; rerun it to get test results.
        </p>
      )}
      <div className={header.stats}>
        <Stat label="Duration" value={formatDuration(duration)} title={live ? 'so far' : undefined} />
        <Stat label="Epochs" value={epochs ? `${run.lastEpoch} / ${epochs}` : formatInteger(run.lastEpoch)} />
        <Stat
          label="Best val acc"
          value={formatPercent(run.bestValAccuracy)}
          title={run.bestEpoch ? `at epoch ${run.bestEpoch}` : undefined}
        />
        <Stat label="Best val loss" value={formatNumber(run.bestValLoss)} />
        <Stat label="Test acc" value={formatPercent(run.testAccuracy)} />
        <Stat label="Test loss" value={formatNumber(run.testLoss)} />
        <Stat label="Misclassified" value={formatInteger(run.misclassifiedCount)} title="of 10,000 test digits" />
        {run.paramCount != null && <Stat label="Params" value={formatInteger(run.paramCount)} title={run.family ? `${run.family} model` : undefined} />}
      </div>
    </header>
  );
}

// A sweep at a glance: name, status, search method, metric and goal, seed, pruning rule, progress and best result.
import { Link } from '../common/app-link';
import type { SweepConfig } from '@mnist-lab/contracts';
import { formatDateTime } from '../../lib/format';
import { methodLabel, pruningLabel } from '../../lib/sweep-space';
import { formatMetric } from '../../lib/sweep-trials';
import { StatusBadge } from '../common/status-badge';
import { SweepGoal } from './sweep-goal';
import { SweepProgressBar } from './sweep-progress-bar';
import type { SweepDetail, SweepTrial } from './types';
import header from '../common/entity-header.module.css';
import styles from './sweeps.module.css';

export function SweepHeader({ sweep, config, best }: { sweep: SweepDetail; config: SweepConfig | undefined; best: SweepTrial | undefined }) {
  return (
    <header className={header.header}>
      <div className={header.title}>
        <h1 data-testid="sweep-name">{sweep.name}</h1>
        <span data-testid="sweep-status">
          <StatusBadge status={sweep.status} />
        </span>
        {sweep.status === 'running' && <span className="live-dot">updating live</span>}
      </div>
      <dl className={header.meta}>
        <div>
          <dt>Method</dt>
          <dd>{methodLabel(sweep.method)}</dd>
        </div>
        <div>
          <dt>Metric</dt>
          <dd>
            <SweepGoal metric={sweep.metric} goal={sweep.goal} /> {sweep.goal}
          </dd>
        </div>
        <div>
          <dt>Seed</dt>
          <dd className="num">{sweep.seed}</dd>
        </div>
        <div>
          <dt>Early termination</dt>
          <dd>{config ? pruningLabel(config) : '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(sweep.createdAt)}</dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd>
            <code>{sweep.id}</code>
          </dd>
        </div>
      </dl>
      <div className={header.stats}>
        <div className={`${header.stat} ${styles.progressStat}`}>
          <div className={header.statLabel}>Trials</div>
          <SweepProgressBar progress={sweep.progress} planned={sweep.plannedTrials} legend />
        </div>
        <div className={header.stat}>
          <div className={header.statLabel}>Best {sweep.metric}</div>
          <div className={`num ${header.statValue}`} data-testid="sweep-best-value">
            {formatMetric(sweep.metric, best?.value ?? sweep.bestValue)}
          </div>
        </div>
        <div className={header.stat}>
          <div className={header.statLabel}>Best run</div>
          <div className={`${header.statValue} ${styles.bestName}`}>
            {best ? (
              <Link href={`/runs/${best.runId}`} data-testid="best-run-link" title={best.name}>
                {best.name}
              </Link>
            ) : (
              <span className="muted">—</span>
            )}
          </div>
        </div>
      </div>
    </header>
  );
}

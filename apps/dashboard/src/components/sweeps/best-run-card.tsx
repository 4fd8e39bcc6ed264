// The sweep's best trial: a link to its run, its metric, and the hyperparameters that got it there.
import { Link } from '../common/app-link';
import { formatDuration, formatHyperparam } from '../../lib/format';
import { formatMetric } from '../../lib/sweep-trials';
import type { SweepTrial } from './types';
import styles from './sweeps.module.css';

export function BestRunCard({ best, metric }: { best: SweepTrial | undefined; metric: string }) {
  return (
    <section className="card" data-testid="best-run">
      <header className="card-header">
        <h2>Best run</h2>
        <span className="spacer" />
        {best && (
          <Link href={`/runs/${best.runId}`} className="btn btn-small">
            Open run
          </Link>
        )}
      </header>
      {best ? (
        <>
          <div className={`card-body ${styles.best}`}>
            <Link href={`/runs/${best.runId}`} className="run-name" title={best.name}>
              {best.name}
            </Link>
            <span className="muted">trial {best.trial ?? '—'}</span>
            <span className={`num ${styles.bestValue}`}>
              {formatMetric(metric, best.value)} <span className="muted">{metric}</span>
            </span>
          </div>
          <dl className={styles.params}>
            {Object.entries(best.params).map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd className="num">{formatHyperparam(value)}</dd>
              </div>
            ))}
            <div>
              <dt>epochs run</dt>
              <dd className="num">{best.epochs}</dd>
            </div>
            <div>
              <dt>duration</dt>
              <dd className="num">{formatDuration(best.durationMs)}</dd>
            </div>
          </dl>
        </>
      ) : (
        <p className="card-body muted">No trial has finished yet: the best one shows here as soon as one does.</p>
      )}
    </section>
  );
}

// A sweep's progress as one compact stacked bar (finished, pruned, running, failed, queued) and a done/planned count.
import { summarizeProgress, type ProgressCounts } from '../../lib/sweep-progress';
import styles from './sweeps.module.css';

export function SweepProgressBar({ progress, planned, legend = false }: { progress: ProgressCounts; planned: number; legend?: boolean }) {
  const s = summarizeProgress(progress, planned);
  return (
    <div className={styles.progress} title={s.text}>
      <div className={styles.progressRow}>
        <div className={styles.progressBar} role="img" aria-label={s.text}>
          {s.segments.map((seg) => (
            <span key={seg.kind} className={`${styles.seg} ${styles[seg.kind]}`} style={{ width: `${seg.share * 100}%` }} />
          ))}
        </div>
        <span className={`num ${styles.progressCount}`} data-testid="sweep-progress-count">
          {s.done}/{s.total}
        </span>
      </div>
      {legend && (
        <ul className={styles.progressLegend}>
          {s.segments.map((seg) => (
            <li key={seg.kind}>
              <span className={`${styles.segKey} ${styles[seg.kind]}`} aria-hidden />
              {seg.count} {seg.label}
            </li>
          ))}
          {s.notStarted > 0 && (
            <li>
              <span className={styles.segKey} aria-hidden />
              {s.notStarted} not started
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

// A sweep's progress as one compact stacked bar (finished, pruned, running, failed, queued) and a done/planned count.
import { summarizeProgress, type ProgressCounts } from '../../lib/sweep-progress';

export function SweepProgressBar({ progress, planned, legend = false }: { progress: ProgressCounts; planned: number; legend?: boolean }) {
  const s = summarizeProgress(progress, planned);
  return (
    <div className="sweep-progress" title={s.text}>
      <div className="sweep-progress-row">
        <div className="sweep-progress-bar" role="img" aria-label={s.text}>
          {s.segments.map((seg) => (
            <span key={seg.kind} className={`seg seg-${seg.kind}`} style={{ width: `${seg.share * 100}%` }} />
          ))}
        </div>
        <span className="sweep-progress-count num" data-testid="sweep-progress-count">
          {s.done}/{s.total}
        </span>
      </div>
      {legend && (
        <ul className="sweep-progress-legend">
          {s.segments.map((seg) => (
            <li key={seg.kind}>
              <span className={`seg-key seg-${seg.kind}`} aria-hidden />
              {seg.count} {seg.label}
            </li>
          ))}
          {s.notStarted > 0 && (
            <li>
              <span className="seg-key" aria-hidden />
              {s.notStarted} not started
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

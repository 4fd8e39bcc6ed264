// Under the parallel-coordinates view: the metric's color scale, what a dashed line means, and the brushing state.
import { scaleGradient, type MetricScale } from '../../lib/metric-color';
import { formatMetric } from '../../lib/sweep-trials';
import styles from './parallel-coordinates.module.css';

interface Props {
  metric: string;
  scale: MetricScale;
  pruned: number;
  /** Trials inside every brush, when any axis is brushed. */
  kept: number | undefined;
  total: number;
  onClear: () => void;
  /** The id the axes' brushes point to for how their keys work. */
  keysHelpId: string;
}

export function PcLegend({ metric, scale, pruned, kept, total, onClear, keysHelpId }: Props) {
  const [worst, best] = scale.goal === 'maximize' ? [scale.min, scale.max] : [scale.max, scale.min];
  return (
    <div className={styles.legend}>
      <span className="muted">{metric}</span>
      <span className="num">{formatMetric(metric, worst)}</span>
      <span className={styles.gradient} style={{ background: scaleGradient() }} aria-hidden />
      <span className="num">{formatMetric(metric, best)}</span>
      <span className="muted">(worst → best)</span>
      {pruned > 0 && (
        <span className="muted">
          <span className={styles.dash} aria-hidden /> pruned ({pruned}): stopped early by the median rule
        </span>
      )}
      <span className="spacer" />
      <span id={keysHelpId} hidden>
        Arrow keys move the brushed span along this axis, Shift with an arrow widens or narrows it, Escape or Delete clears it.
      </span>
      {/* Announced as the brushes change, from the mouse or the keys. */}
      <span aria-live="polite">
        {kept === undefined ? (
          <span className="muted">Hover a line for its values, click to open its run; drag along an axis (or Tab to it and use the arrow keys) to filter.</span>
        ) : (
          <span data-testid="pc-kept">
            {kept} of {total} trials in the brushed ranges
          </span>
        )}
      </span>
      {kept !== undefined && (
        <button type="button" className="btn btn-small" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  );
}

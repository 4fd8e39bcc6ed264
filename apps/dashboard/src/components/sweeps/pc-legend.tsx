// Under the parallel-coordinates view: the metric's color scale, what a dashed line means, and the brushing state.
import { scaleGradient, type MetricScale } from '../../lib/metric-color';
import { formatMetric } from '../../lib/sweep-trials';

interface Props {
  metric: string;
  scale: MetricScale;
  pruned: number;
  /** Trials inside every brush, when any axis is brushed. */
  kept: number | undefined;
  total: number;
  onClear: () => void;
}

export function PcLegend({ metric, scale, pruned, kept, total, onClear }: Props) {
  const [worst, best] = scale.goal === 'maximize' ? [scale.min, scale.max] : [scale.max, scale.min];
  return (
    <div className="pc-legend">
      <span className="muted">{metric}</span>
      <span className="num">{formatMetric(metric, worst)}</span>
      <span className="pc-gradient" style={{ background: scaleGradient() }} aria-hidden />
      <span className="num">{formatMetric(metric, best)}</span>
      <span className="muted">(worst → best)</span>
      {pruned > 0 && (
        <span className="muted">
          <span className="pc-dash" aria-hidden /> pruned ({pruned}): stopped early by the median rule
        </span>
      )}
      <span className="spacer" />
      {kept === undefined ? (
        <span className="muted">Hover a line for its values, click to open its run; drag along an axis to filter.</span>
      ) : (
        <>
          <span data-testid="pc-kept">
            {kept} of {total} trials in the brushed ranges
          </span>
          <button type="button" className="btn btn-small" onClick={onClear}>
            Clear filters
          </button>
        </>
      )}
    </div>
  );
}

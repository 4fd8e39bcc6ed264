// Small multiples of the metric against each varied hyperparameter, on one shared metric axis so heights compare.
import { metricScale } from '../../lib/metric-color';
import { valueAxis, type SweepAxis } from '../../lib/sweep-space';
import { isScored, type Goal } from '../../lib/sweep-trials';
import { ParamScatter } from './param-scatter';
import type { SweepTrial } from './types';
import styles from './parallel-coordinates.module.css';

interface Props {
  axes: readonly SweepAxis[];
  trials: readonly SweepTrial[];
  metric: string;
  goal: Goal;
  bestRunId: string | undefined;
  highlight: string | null;
  onHighlight: (runId: string | null) => void;
}

export function ScatterGrid({ axes, trials, metric, goal, ...rest }: Props) {
  const scored = trials.filter(isScored);
  const values = scored.map((t) => t.value);
  // Colors span the complete trials only, as in the parallel coordinates; pruned ones are drawn hollow.
  const scale = metricScale(scored.filter((t) => !t.pruned).map((t) => t.value), goal);
  const metricAxis = valueAxis(metric, values, 0.08);
  return (
    <div className={styles.scatterGrid}>
      {axes.map((axis) => (
        <ParamScatter key={axis.key} axis={axis} trials={scored} metric={metric} metricAxis={metricAxis} scale={scale} {...rest} />
      ))}
    </div>
  );
}

// One vertical axis of the parallel-coordinates view: its name, how it is scaled, and its labeled ticks.
import { axisTicks, paramTick } from '../../lib/axis-ticks';
import type { SweepAxis } from '../../lib/sweep-space';
import styles from './parallel-coordinates.module.css';

const MAX_LABEL = 14;
const clip = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

interface Props {
  axis: SweepAxis;
  x: number;
  /** Pixel y of an axis position (0 bottom, 1 top). */
  y: (pos: number) => number;
  title: string;
  subtitle: string;
  /** Tick labels of the metric axis read as the metric does (percent for accuracies). */
  format?: (v: number) => string;
}

export function PcAxis({ axis, x, y, title, subtitle, format = paramTick }: Props) {
  return (
    <g transform={`translate(${x},0)`}>
      <text className={styles.axisTitle} y={y(1) - 26} textAnchor="middle">
        {title}
      </text>
      <text className={styles.axisKind} y={y(1) - 12} textAnchor="middle">
        {subtitle}
      </text>
      <line y1={y(0)} y2={y(1)} className={styles.axisLine} />
      {axisTicks(axis, format).map((tick) => (
        <g key={tick.label} transform={`translate(0,${y(tick.pos)})`}>
          <line x1={-4} x2={0} className={styles.axisLine} />
          <text x={-7} dy="0.32em" textAnchor="end" className={styles.tick}>
            {clip(tick.label)}
          </text>
        </g>
      ))}
    </g>
  );
}

export const axisSubtitle = (axis: SweepAxis) => (axis.kind === 'log' ? 'log scale' : axis.kind === 'categorical' ? 'values' : 'linear');

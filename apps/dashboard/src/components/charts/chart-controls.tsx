// The settings every chart on a page shares: EMA smoothing, x axis (auto, step, epoch or wall time) and log scale for losses.
import { X_AXIS_CHOICES, type XAxisChoice } from '../../lib/chart-axis';
import styles from './chart-card.module.css';

interface Props {
  smoothing: number;
  onSmoothing: (value: number) => void;
  xAxis: XAxisChoice;
  onXAxis: (choice: XAxisChoice) => void;
  logScale: boolean;
  onLogScale: (on: boolean) => void;
}

export function ChartControls({ smoothing, onSmoothing, xAxis, onXAxis, logScale, onLogScale }: Props) {
  return (
    <div className={styles.controls}>
      <label className="control">
        <span>Smoothing</span>
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={smoothing}
          onChange={(e) => onSmoothing(Number(e.target.value))}
          aria-label="Smoothing weight (exponential moving average)"
        />
        <output className="num">{smoothing.toFixed(2)}</output>
      </label>
      <div className="control">
        <span>X axis</span>
        <div className="segmented" role="group" aria-label="X axis">
          {X_AXIS_CHOICES.map((c) => (
            <button key={c.value} type="button" aria-pressed={xAxis === c.value} title={c.title} onClick={() => onXAxis(c.value)}>
              {c.label}
            </button>
          ))}
        </div>
      </div>
      <label className="control">
        <input type="checkbox" checked={logScale} onChange={(e) => onLogScale(e.target.checked)} />
        <span>Log scale for losses</span>
      </label>
    </div>
  );
}

// The settings every chart on a page shares: EMA smoothing, x axis (epoch or wall time) and log scale for losses.
import type { XAxisMode } from '../../lib/chart-data';

interface Props {
  smoothing: number;
  onSmoothing: (value: number) => void;
  xAxis: XAxisMode;
  onXAxis: (mode: XAxisMode) => void;
  logScale: boolean;
  onLogScale: (on: boolean) => void;
}

export function ChartControls({ smoothing, onSmoothing, xAxis, onXAxis, logScale, onLogScale }: Props) {
  return (
    <div className="chart-controls">
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
          <button type="button" aria-pressed={xAxis === 'epoch'} onClick={() => onXAxis('epoch')}>
            Epoch
          </button>
          <button type="button" aria-pressed={xAxis === 'relative'} onClick={() => onXAxis('relative')}>
            Wall time
          </button>
        </div>
      </div>
      <label className="control">
        <input type="checkbox" checked={logScale} onChange={(e) => onLogScale(e.target.checked)} />
        <span>Log scale for losses</span>
      </label>
    </div>
  );
}

// The hover card of a line chart: every visible series' value at that x, as the API returned it (and smoothed, if on).
import { formatElapsedTick, formatNumber } from '../../lib/format';
import { nearestRow, rawKey, type ChartRow, type ChartSeries, type XAxisMode } from '../../lib/chart-data';

interface Props {
  active?: boolean;
  row?: ChartRow;
  rows: readonly ChartRow[];
  series: readonly ChartSeries[];
  mode: XAxisMode;
  smoothing: number;
}

/** Raw values shown with 6 significant digits: enough to tell 0.98123 from 0.98125, as the API stores them. */
const exact = (v: number) => formatNumber(v, 6);

export function ChartTooltip({ active, row, rows, series, mode, smoothing }: Props) {
  if (!active || !row) return null;
  // By epoch every run has the same x positions; by wall time they never line up, so each run shows its nearest point.
  const entries = series.flatMap((s) => {
    const at = mode === 'epoch' ? (row[rawKey(s.key)] != null ? row : undefined) : nearestRow(rows, s.key, row.x);
    return at ? [{ s, at }] : [];
  });
  if (entries.length === 0) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{mode === 'epoch' ? `Epoch ${row.x}` : `${formatElapsedTick(row.x)} since start`}</div>
      <table>
        <tbody>
          {entries.map(({ s, at }) => (
            <tr key={s.key}>
              <td>
                <span className="swatch" style={{ background: s.color }} />
                {s.label}
              </td>
              <td className="num">{exact(at[rawKey(s.key)] as number)}</td>
              {smoothing > 0 && (
                <td className="num muted" title="smoothed">
                  {at[s.key] == null ? '' : `~${exact(at[s.key] as number)}`}
                </td>
              )}
              {mode !== 'epoch' && <td className="muted">{at !== row ? `at ${formatElapsedTick(at.x)}` : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

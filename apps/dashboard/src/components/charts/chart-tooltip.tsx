// The hover card of a line chart: every visible series' value at that x, as the API returned it (and smoothed, if on).
import { formatElapsedTick, formatNumber } from '../../lib/format';
import { rawKey, type ChartRow, type ChartSeries, type XAxisMode } from '../../lib/chart-data';

interface Props {
  active?: boolean;
  row?: ChartRow;
  series: readonly ChartSeries[];
  mode: XAxisMode;
  smoothing: number;
}

/** Raw values shown with 6 significant digits: enough to tell 0.98123 from 0.98125, as the API stores them. */
const exact = (v: number) => formatNumber(v, 6);

export function ChartTooltip({ active, row, series, mode, smoothing }: Props) {
  if (!active || !row) return null;
  const entries = series.filter((s) => row[rawKey(s.key)] != null);
  if (entries.length === 0) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{mode === 'epoch' ? `Epoch ${row.x}` : `${formatElapsedTick(row.x)} since start`}</div>
      <table>
        <tbody>
          {entries.map((s) => (
            <tr key={s.key}>
              <td>
                <span className="swatch" style={{ background: s.color }} />
                {s.label}
              </td>
              <td className="num">{exact(row[rawKey(s.key)] as number)}</td>
              {smoothing > 0 && (
                <td className="num muted" title="smoothed">
                  {row[s.key] == null ? '' : `~${exact(row[s.key] as number)}`}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The hover card of a line chart: every visible series' value at that x, as the API returned it (and smoothed, if on).
import { formatElapsedTick, formatInteger, formatNumber } from '../../lib/format';
import { nearestRow, rawKey, type ChartRow, type ChartSeries, type XAxisMode } from '../../lib/chart-data';
import styles from './chart-card.module.css';

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

function xLabel(mode: XAxisMode, x: number): string {
  if (mode === 'step') return `step ${formatInteger(x)}`;
  if (mode === 'epoch') return `epoch ${formatNumber(x, 4)}`;
  return formatElapsedTick(x);
}

export function ChartTooltip({ active, row, rows, series, mode, smoothing }: Props) {
  if (!active || !row) return null;
  // Runs logged at other steps or times (or thinned differently by the server) have no point at this x: each shows its nearest.
  const entries = series.flatMap((s) => {
    const at = row[rawKey(s.key)] != null ? row : nearestRow(rows, s.key, row.x);
    return at ? [{ s, at }] : [];
  });
  if (entries.length === 0) return null;
  const title = mode === 'relative' ? `${formatElapsedTick(row.x)} since start` : xLabel(mode, row.x).replace(/^./, (c) => c.toUpperCase());
  return (
    <div className={styles.tooltip}>
      <div className={styles.tooltipTitle}>{title}</div>
      <table>
        <tbody>
          {entries.map(({ s, at }) => (
            <tr key={s.key}>
              <td>
                <span className={styles.swatch} style={{ background: s.color }} />
                {s.label}
              </td>
              <td className={styles.value}>{exact(at[rawKey(s.key)] as number)}</td>
              {smoothing > 0 && (
                <td className="muted num" title="smoothed">
                  {at[s.key] == null ? '' : `~${exact(at[s.key] as number)}`}
                </td>
              )}
              {entries.some((e) => e.at !== row) && <td className="muted">{at !== row ? `at ${xLabel(mode, at.x)}` : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

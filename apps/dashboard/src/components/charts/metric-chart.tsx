'use client';
// One metric's line chart: a line per series in its fixed color, raw line faint under the smoothed one, clickable legend.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useMemo } from 'react';
import { buildChartRows, canUseLogScale, rawKey, type ChartRow, type ChartSeries, type XAxisMode } from '../../lib/chart-data';
import { formatElapsedTick, formatNumber } from '../../lib/format';
import { ChartTooltip } from './chart-tooltip';

export interface MetricChartProps {
  /** The metric (or group) this chart shows: its `data-testid` is `chart-<id>`. */
  id: string;
  title: string;
  series: readonly ChartSeries[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
  mode: XAxisMode;
  smoothing: number;
  logScale?: boolean;
  height?: number;
}

/** Dots make short runs readable (a 2-epoch run is a single segment); long ones would drown in them. */
const DOT_LIMIT = 30;

export function MetricChart({ id, title, series, hidden, onToggle, mode, smoothing, logScale = false, height = 240 }: MetricChartProps) {
  const log = logScale && canUseLogScale(series);
  const visible = useMemo(() => series.filter((s) => !hidden.has(s.key)), [series, hidden]);
  const rows = useMemo(() => buildChartRows(visible, { mode, smoothing, logScale: log }), [visible, mode, smoothing, log]);
  const longest = Math.max(0, ...visible.map((s) => s.series.value.length));
  const showDots = longest <= DOT_LIMIT;

  return (
    <section className="card chart-card" data-testid={`chart-${id}`} data-points={rows.length} aria-label={title}>
      <header className="chart-header">
        <h3>{title}</h3>
        {log && <span className="chart-flag">log</span>}
        {smoothing > 0 && <span className="chart-flag">smoothed {smoothing.toFixed(2)}</span>}
      </header>
      <div className="chart-body" style={{ height }}>
        {rows.length === 0 ? (
          <div className="chart-empty">{series.length === 0 ? 'Not logged by these runs' : 'All series hidden: click one in the legend'}</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="#eceef1" vertical={false} />
              <XAxis
                dataKey="x"
                type="number"
                domain={['dataMin', 'dataMax']}
                allowDecimals={mode !== 'epoch'}
                tickFormatter={mode === 'epoch' ? (v: number) => String(v) : formatElapsedTick}
                tick={{ fontSize: 11, fill: '#59636e' }}
                stroke="#c9ced6"
                tickMargin={4}
              />
              <YAxis
                scale={log ? 'log' : 'linear'}
                domain={['auto', 'auto']}
                allowDataOverflow={false}
                tickFormatter={(v: number) => formatNumber(v, 3)}
                tick={{ fontSize: 11, fill: '#59636e' }}
                stroke="#c9ced6"
                width={52}
              />
              <Tooltip
                isAnimationActive={false}
                content={({ active, payload }) => (
                  <ChartTooltip
                    active={active}
                    row={payload?.[0]?.payload as ChartRow | undefined}
                    rows={rows}
                    series={visible}
                    mode={mode}
                    smoothing={smoothing}
                  />
                )}
              />
              {smoothing > 0 &&
                visible.map((s) => (
                  <Line
                    key={`${s.key}-raw`}
                    name={`${s.label} (raw)`}
                    dataKey={(row: ChartRow) => row[rawKey(s.key)]}
                    stroke={s.color}
                    strokeOpacity={0.22}
                    strokeWidth={1.25}
                    strokeDasharray={s.dashed ? '4 3' : undefined}
                    dot={false}
                    activeDot={false}
                    connectNulls
                    isAnimationActive={false}
                    tooltipType="none"
                    className="series-raw"
                  />
                ))}
              {visible.map((s) => (
                <Line
                  key={s.key}
                  name={s.label}
                  dataKey={(row: ChartRow) => row[s.key]}
                  stroke={s.color}
                  strokeWidth={1.75}
                  strokeDasharray={s.dashed ? '5 3' : undefined}
                  dot={showDots ? { r: 2.5, strokeWidth: 0, fill: s.color } : false}
                  activeDot={{ r: 4 }}
                  connectNulls
                  isAnimationActive={false}
                  className="series-line"
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
      {series.length > 1 && (
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.key}>
              <button type="button" aria-pressed={!hidden.has(s.key)} onClick={() => onToggle(s.key)} title={hidden.has(s.key) ? 'Show' : 'Hide'}>
                <span className={s.dashed ? 'swatch swatch-dashed' : 'swatch'} style={{ background: s.color, color: s.color }} />
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

'use client';
// One metric's line chart: a line per series in its fixed color, raw line faint under the smoothed one, clickable legend.
//
// recharts draws the axes, grid and tooltip; the series are plain SVG paths drawn with the chart's own scales. With a
// recharts <Line> per series (each a handful of components and store subscriptions), comparing 50 runs took about 1 s
// to draw the loss chart alone; with one path per series, all six charts draw in about 0.7 s (`npm run bench -- dashboard`).
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, useActiveTooltipDataPoints, useXAxisScale, useYAxisScale } from 'recharts';
import { useMemo } from 'react';
import { buildChartRows, canUseLogScale, rawKey, type ChartRow, type ChartSeries, type XAxisMode } from '../../lib/chart-data';
import { formatElapsedTick, formatInteger, formatNumber, formatStepTick } from '../../lib/format';
import { ChartTooltip } from './chart-tooltip';
import styles from './chart-card.module.css';

export interface MetricChartProps {
  /** The metric (or group) this chart shows: its `data-testid` is `chart-<id>`. */
  id: string;
  title: string;
  series: readonly ChartSeries[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
  mode: XAxisMode;
  /** Shown beside the title when the chart is not on the axis the controls ask for (see chartAxis). */
  axisNote?: string;
  smoothing: number;
  logScale?: boolean;
  height?: number;
}

/** Dots make short runs readable (a 2-epoch run is a single segment); long ones would drown in them. */
const DOT_LIMIT = 30;

const NO_LINES = () => [];

const EPOCH_DOMAIN: [(min: number) => number, (max: number) => number] = [Math.floor, Math.ceil];

const TICKS: Record<XAxisMode, (v: number) => string> = {
  step: formatStepTick,
  epoch: (v) => formatNumber(v, 3),
  relative: formatElapsedTick,
};

/** Tick labels in the theme's muted text color. */
export const AXIS_TICK = { fontSize: 11, fill: 'var(--muted)' };

export function MetricChart({ id, title, series, hidden, onToggle, mode, axisNote, smoothing, logScale = false, height = 240 }: MetricChartProps) {
  const log = logScale && canUseLogScale(series);
  const visible = useMemo(() => series.filter((s) => !hidden.has(s.key)), [series, hidden]);
  const rows = useMemo(() => buildChartRows(visible, { mode, smoothing, logScale: log }), [visible, mode, smoothing, log]);
  const longest = Math.max(0, ...visible.map((s) => s.series.value.length));
  const showDots = longest <= DOT_LIMIT;
  const drawnKeys = useMemo(() => visible.flatMap((s) => (smoothing > 0 ? [s.key, rawKey(s.key)] : [s.key])), [visible, smoothing]);
  // Whole epochs tick as 1, 2, 3; batch points inside epochs (2.5) need fractional ticks when the range is short.
  const thinned = visible.reduce((n, s) => n + Math.max(0, (s.series.total ?? 0) - s.series.value.length), 0);
  const fractional = mode === 'relative' || (mode === 'epoch' && rows.some((r) => !Number.isInteger(r.x)));

  return (
    <section className={`card ${styles.card}`} data-testid={`chart-${id}`} data-points={rows.length} data-axis={mode} aria-label={title}>
      <header className={styles.header}>
        <h3>{title}</h3>
        {axisNote && (
          <span className={styles.flag} data-testid="axis-note">
            {axisNote}
          </span>
        )}
        {thinned > 0 && (
          <span className={styles.flag} title={`${formatInteger(thinned)} points thinned out on the server; each stretch keeps its lowest, highest and last value`}>
            downsampled
          </span>
        )}
        {log && <span className={styles.flag}>log</span>}
        {smoothing > 0 && <span className={styles.flag}>smoothed {smoothing.toFixed(2)}</span>}
      </header>
      <div className={styles.body} style={{ height }}>
        {rows.length === 0 ? (
          <div className={styles.empty}>{series.length === 0 ? 'Not logged by these runs' : 'All series hidden: click one in the legend'}</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
              {/* No vertical lines, and none computed: recharts' default generator still places one per x value, measuring
                  each label in the DOM (a forced layout each, 50 for a 50-epoch chart). */}
              <CartesianGrid vertical={false} verticalCoordinatesGenerator={NO_LINES} />
              <XAxis
                dataKey="x"
                type="number"
                // Epochs from whole numbers: batch points start at 0.006 and would put that odd value on the first tick.
                domain={mode === 'epoch' ? EPOCH_DOMAIN : ['dataMin', 'dataMax']}
                allowDecimals={fractional}
                tickFormatter={TICKS[mode]}
                // Every tick shown: recharts' default ('preserveEnd') measures each label in the DOM to drop overlapping
                // ones, a forced layout per label; a number axis has only ~5 ticks.
                interval={0}
                // recharts puts a tick's fill in its inline style, where a token works (CSS could not override it).
                tick={AXIS_TICK}
                tickMargin={4}
              />
              <YAxis
                scale={log ? 'log' : 'linear'}
                domain={['auto', 'auto']}
                allowDataOverflow={false}
                tickFormatter={(v: number) => formatNumber(v, 3)}
                interval={0}
                tick={AXIS_TICK}
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
              {/* Two invisible lines carry each x's lowest and highest drawn value: the y axis's 'auto' domain and the
                  tooltip come from them, while every series is drawn by SeriesPaths as one plain path. */}
              {(['lo', 'hi'] as const).map((end) => (
                <Line
                  key={end}
                  dataKey={(row: ChartRow) => extent(row, drawnKeys, end)}
                  stroke="none"
                  dot={false}
                  activeDot={false}
                  connectNulls
                  isAnimationActive={false}
                  legendType="none"
                  className="series-extent"
                />
              ))}
              <SeriesPaths rows={rows} series={visible} smoothing={smoothing} showDots={showDots} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
      {series.length > 1 && (
        <ul className={styles.legend}>
          {series.map((s) => (
            <li key={s.key}>
              <button type="button" aria-pressed={!hidden.has(s.key)} onClick={() => onToggle(s.key)} title={hidden.has(s.key) ? 'Show' : 'Hide'}>
                <span className={s.dashed ? `${styles.swatch} ${styles.swatchDashed}` : styles.swatch} style={{ background: s.color, color: s.color }} />
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The smallest or largest of `keys`' values in a row; null when none has one (a log axis's dropped values, say). */
function extent(row: ChartRow, keys: readonly string[], end: 'lo' | 'hi'): number | null {
  let out: number | null = null;
  for (const k of keys) {
    const v = row[k];
    if (v == null) continue;
    if (out === null || (end === 'lo' ? v < out : v > out)) out = v;
  }
  return out;
}

interface SeriesPathsProps {
  rows: readonly ChartRow[];
  series: readonly ChartSeries[];
  smoothing: number;
  showDots: boolean;
}

/** Every series as one path (nulls skipped and joined over, as connectNulls does), under the chart's scales. */
function SeriesPaths({ rows, series, smoothing, showDots }: SeriesPathsProps) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const active = useActiveTooltipDataPoints<ChartRow>()?.[0];
  const drawn = useMemo(() => {
    if (!xScale || !yScale) return [];
    const points = (key: string) => {
      const out: [number, number][] = [];
      for (const row of rows) {
        const v = row[key];
        if (v == null) continue;
        const px = xScale(row.x);
        const py = yScale(v);
        if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) continue;
        out.push([px, py]);
      }
      return out;
    };
    const path = (pts: [number, number][]) => pts.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join('');
    return series.map((s) => {
      const line = points(s.key);
      return { s, line, d: path(line), raw: smoothing > 0 ? path(points(rawKey(s.key))) : '' };
    });
  }, [rows, series, smoothing, xScale, yScale]);
  if (drawn.length === 0 || !xScale || !yScale) return null;
  const activeX = active ? xScale(active.x) : undefined;
  return (
    <g className="series-layer">
      {smoothing > 0 &&
        drawn.map(({ s, raw }) => (
          <path
            key={`${s.key}-raw`}
            className="series-raw"
            d={raw}
            fill="none"
            stroke={s.color}
            strokeOpacity={0.22}
            strokeWidth={1.25}
            strokeDasharray={s.dashed ? '4 3' : undefined}
          />
        ))}
      {drawn.map(({ s, d, line }) => (
        <g key={s.key} className="series-line" data-series={s.label}>
          <path className="series-curve" d={d} fill="none" stroke={s.color} strokeWidth={1.75} strokeDasharray={s.dashed ? '5 3' : undefined} strokeLinejoin="round" />
          {/* Keyed by position in the series: two points can share pixels (a one-point axis puts them all mid-plot). */}
          {showDots && line.map(([px, py], i) => <circle key={i} cx={px} cy={py} r={2.5} fill={s.color} />)}
        </g>
      ))}
      {active &&
        activeX !== undefined &&
        drawn.map(({ s }) => {
          const v = active[s.key];
          const py = v == null ? undefined : yScale(v);
          return py === undefined ? null : <circle key={`${s.key}-active`} className="series-active-dot" cx={activeX} cy={py} r={4} fill={s.color} style={{ stroke: 'var(--surface)' }} strokeWidth={1.5} />;
        })}
    </g>
  );
}

'use client';
// One metric's chart of run groups: each group's mean curve over its seeds with the chosen band, one color per group.
//
// As MetricChart does, recharts draws only the axes, grid and tooltip; the bands and means are plain SVG paths under its
// scales, so 10 groups cost 20 paths per chart whatever their seeds.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, useXAxisScale, useYAxisScale } from 'recharts';
import { useMemo } from 'react';
import type { XAxisMode } from '../../lib/chart-data';
import { formatElapsedTick, formatInteger, formatNumber, formatStepTick } from '../../lib/format';
import { BAND_LABELS, type BandKind, type BandPoint } from '../../lib/group-stats';
import { AXIS_TICK } from '../charts/metric-chart';
import styles from '../charts/chart-card.module.css';

export interface GroupSeries {
  key: string;
  label: string;
  color: string;
  points: readonly BandPoint[];
}

interface Props {
  id: string;
  title: string;
  groups: readonly GroupSeries[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
  mode: XAxisMode;
  band: BandKind;
  axisNote?: string;
  logScale?: boolean;
  smoothing: number;
  height?: number;
}

/** One x: per group `<key>` the mean, `<key>:lo` and `<key>:hi` the band, `<key>:n` the runs behind the point. */
type GroupRow = { x: number } & Record<string, number | null>;

const NO_LINES = () => [];
const EPOCH_DOMAIN: [(min: number) => number, (max: number) => number] = [Math.floor, Math.ceil];
const TICKS: Record<XAxisMode, (v: number) => string> = { step: formatStepTick, epoch: (v) => formatNumber(v, 3), relative: formatElapsedTick };

function buildRows(groups: readonly GroupSeries[], log: boolean): GroupRow[] {
  const rows = new Map<number, GroupRow>();
  const keep = (v: number) => (!Number.isFinite(v) || (log && v <= 0) ? null : v);
  for (const g of groups) {
    for (const p of g.points) {
      let row = rows.get(p.x);
      if (!row) rows.set(p.x, (row = { x: p.x } as GroupRow));
      row[g.key] = keep(p.mean);
      row[`${g.key}:lo`] = keep(p.low);
      row[`${g.key}:hi`] = keep(p.high);
      row[`${g.key}:n`] = p.n;
    }
  }
  return [...rows.values()].sort((a, b) => a.x - b.x);
}

function extent(row: GroupRow, keys: readonly string[], end: 'lo' | 'hi'): number | null {
  let out: number | null = null;
  for (const k of keys) {
    const v = row[`${k}:${end}`] ?? row[k];
    if (v == null) continue;
    if (out === null || (end === 'lo' ? v < out : v > out)) out = v;
  }
  return out;
}

function xLabel(mode: XAxisMode, x: number): string {
  if (mode === 'step') return `Step ${formatInteger(x)}`;
  if (mode === 'epoch') return `Epoch ${formatNumber(x, 4)}`;
  return `${formatElapsedTick(x)} since start`;
}

function GroupTooltip({ active, row, groups, mode, band }: { active?: boolean; row?: GroupRow; groups: readonly GroupSeries[]; mode: XAxisMode; band: BandKind }) {
  if (!active || !row) return null;
  const entries = groups.filter((g) => row[g.key] != null);
  if (entries.length === 0) return null;
  const v = (x: number | null | undefined) => (x == null ? '—' : formatNumber(x, 5));
  return (
    <div className={styles.tooltip} data-testid="group-tooltip">
      <div className={styles.tooltipTitle}>{xLabel(mode, row.x)}</div>
      <table>
        <tbody>
          {entries.map((g) => (
            <tr key={g.key}>
              <td>
                <span className={styles.swatch} style={{ background: g.color }} />
                {g.label}
              </td>
              <td className={styles.value}>{v(row[g.key])}</td>
              <td className="muted num" title={BAND_LABELS[band]}>
                {v(row[`${g.key}:lo`])} – {v(row[`${g.key}:hi`])}
              </td>
              <td className="muted num" title="runs with a point here">
                n={row[`${g.key}:n`]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function GroupChart({ id, title, groups, hidden, onToggle, mode, band, axisNote, logScale = false, smoothing, height = 240 }: Props) {
  const log = logScale && groups.every((g) => g.points.every((p) => p.low > 0));
  const visible = useMemo(() => groups.filter((g) => !hidden.has(g.key)), [groups, hidden]);
  const rows = useMemo(() => buildRows(visible, log), [visible, log]);
  const keys = useMemo(() => visible.map((g) => g.key), [visible]);
  const fractional = mode === 'relative' || (mode === 'epoch' && rows.some((r) => !Number.isInteger(r.x)));
  return (
    <section className={`card ${styles.card}`} data-testid={`chart-${id}`} data-points={rows.length} data-axis={mode} data-band={band} aria-label={title}>
      <header className={styles.header}>
        <h3>{title}</h3>
        {axisNote && (
          <span className={styles.flag} data-testid="axis-note">
            {axisNote}
          </span>
        )}
        <span className={styles.flag}>{BAND_LABELS[band]}</span>
        {log && <span className={styles.flag}>log</span>}
        {smoothing > 0 && <span className={styles.flag}>smoothed {smoothing.toFixed(2)}</span>}
      </header>
      <div className={styles.body} style={{ height }}>
        {rows.length === 0 ? (
          <div className={styles.empty}>{groups.length === 0 ? 'Not logged by these runs' : 'All groups hidden: click one in the legend'}</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid vertical={false} verticalCoordinatesGenerator={NO_LINES} />
              <XAxis
                dataKey="x"
                type="number"
                domain={mode === 'epoch' ? EPOCH_DOMAIN : ['dataMin', 'dataMax']}
                allowDecimals={fractional}
                tickFormatter={TICKS[mode]}
                interval={0}
                tick={AXIS_TICK}
                tickMargin={4}
              />
              <YAxis scale={log ? 'log' : 'linear'} domain={['auto', 'auto']} tickFormatter={(v: number) => formatNumber(v, 3)} interval={0} tick={AXIS_TICK} width={52} />
              <Tooltip
                isAnimationActive={false}
                content={({ active, payload }) => (
                  <GroupTooltip active={active} row={payload?.[0]?.payload as GroupRow | undefined} groups={visible} mode={mode} band={band} />
                )}
              />
              {/* The bands' lowest and highest ends per x set the y domain and carry the tooltip; nothing is drawn by them. */}
              {(['lo', 'hi'] as const).map((end) => (
                <Line
                  key={end}
                  dataKey={(row: GroupRow) => extent(row, keys, end)}
                  stroke="none"
                  dot={false}
                  activeDot={false}
                  connectNulls
                  isAnimationActive={false}
                  legendType="none"
                />
              ))}
              <BandPaths rows={rows} groups={visible} showDots={rows.length <= 30} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
      {groups.length > 1 && (
        <ul className={styles.legend}>
          {groups.map((g) => (
            <li key={g.key}>
              <button type="button" aria-pressed={!hidden.has(g.key)} onClick={() => onToggle(g.key)} title={hidden.has(g.key) ? 'Show' : 'Hide'}>
                <span className={styles.swatch} style={{ background: g.color, color: g.color }} />
                {g.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Each group's band (its high ends forward, its low ends back) under its mean line, in the group's color. */
function BandPaths({ rows, groups, showDots }: { rows: readonly GroupRow[]; groups: readonly GroupSeries[]; showDots: boolean }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const drawn = useMemo(() => {
    if (!xScale || !yScale) return [];
    const at = (key: string) => {
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
    const line = (pts: readonly [number, number][]) => pts.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join('');
    return groups.map((g) => {
      const mean = at(g.key);
      const hi = at(`${g.key}:hi`);
      const lo = at(`${g.key}:lo`);
      const band = hi.length > 0 && lo.length > 0 ? `${line(hi)}${line([...lo].reverse()).replace(/^M/, 'L')}Z` : '';
      return { g, mean, d: line(mean), band };
    });
  }, [rows, groups, xScale, yScale]);
  if (drawn.length === 0) return null;
  return (
    <g className="series-layer">
      {drawn.map(({ g, band }) => (
        <path key={`${g.key}-band`} className="group-band" data-group={g.label} d={band} fill={g.color} fillOpacity={0.18} stroke="none" />
      ))}
      {drawn.map(({ g, d, mean }) => (
        <g key={g.key} className="series-line" data-series={g.label}>
          <path className="series-curve" d={d} fill="none" stroke={g.color} strokeWidth={2} strokeLinejoin="round" />
          {showDots && mean.map(([px, py], i) => <circle key={i} cx={px} cy={py} r={2.5} fill={g.color} />)}
        </g>
      ))}
    </g>
  );
}

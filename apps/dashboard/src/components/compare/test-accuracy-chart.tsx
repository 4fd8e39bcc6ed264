'use client';
// Test accuracy per run as horizontal bars in the runs' colors, exact value at the end of each bar.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../lib/format';
import styles from '../charts/chart-card.module.css';
import { AXIS_TICK } from '../charts/metric-chart';

interface Props {
  runs: readonly { id: string; name: string; color: string; testAccuracy: number | null }[];
}

/** recharts' default tooltip is white with inline styles: these follow the theme instead. */
const TOOLTIP_STYLE = { background: 'var(--tooltip-bg)', borderColor: 'var(--border)', color: 'var(--text)' };

export function TestAccuracyChart({ runs }: Props) {
  const finished = runs.filter((r) => r.testAccuracy != null);
  const data = finished.map((r) => ({ id: r.id, name: r.name, value: r.testAccuracy as number, color: r.color }));
  const height = 30 + 30 * Math.max(1, data.length);
  return (
    <section className={`card ${styles.card}`} data-testid="chart-test_accuracy" aria-label="Test accuracy">
      <header className={styles.header}>
        <h3>test accuracy</h3>
        {finished.length < runs.length && <span className={styles.flag}>{runs.length - finished.length} without test results</span>}
      </header>
      <div className={styles.body} style={{ height }}>
        {data.length === 0 ? (
          <div className={styles.empty}>Test accuracy appears when a run is evaluated on the test digits</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 6, right: 64, bottom: 4, left: 8 }}>
              <CartesianGrid horizontal={false} />
              {/* Every tick shown (interval 0): recharts' default measures each label in the DOM to drop overlapping ones, a
                  forced layout per run name (50 for 50 runs); at 30 px a bar, names never overlap. */}
              <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => formatPercent(v, 0)} tick={AXIS_TICK} interval={0} />
              <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 11.5, fill: 'var(--text)' }} interval={0} />
              <Tooltip cursor={{ fill: 'var(--surface-hover)' }} contentStyle={TOOLTIP_STYLE} formatter={(v) => formatPercent(Number(v), 2)} isAnimationActive={false} />
              <Bar dataKey="value" name="test accuracy" barSize={16} isAnimationActive={false}>
                {data.map((d) => (
                  <Cell key={d.id} fill={d.color} />
                ))}
                <LabelList dataKey="value" position="right" formatter={(v) => formatPercent(Number(v), 2)} style={{ fontSize: 11.5, fill: 'var(--text)' }} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}

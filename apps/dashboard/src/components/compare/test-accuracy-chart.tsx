'use client';
// Test accuracy per run as horizontal bars in the runs' colors, exact value at the end of each bar.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../lib/format';

interface Props {
  runs: readonly { id: string; name: string; color: string; testAccuracy: number | null }[];
}

export function TestAccuracyChart({ runs }: Props) {
  const finished = runs.filter((r) => r.testAccuracy != null);
  const data = finished.map((r) => ({ id: r.id, name: r.name, value: r.testAccuracy as number, color: r.color }));
  const height = 30 + 30 * Math.max(1, data.length);
  return (
    <section className="card chart-card" data-testid="chart-test_accuracy" aria-label="Test accuracy">
      <header className="chart-header">
        <h3>test accuracy</h3>
        {finished.length < runs.length && <span className="chart-flag">{runs.length - finished.length} without test results</span>}
      </header>
      <div className="chart-body" style={{ height }}>
        {data.length === 0 ? (
          <div className="chart-empty">Test accuracy appears when a run is evaluated on the test digits</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 6, right: 64, bottom: 4, left: 8 }}>
              <CartesianGrid stroke="#eceef1" horizontal={false} />
              <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => formatPercent(v, 0)} tick={{ fontSize: 11, fill: '#59636e' }} stroke="#c9ced6" />
              <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 11.5, fill: '#1b1f24' }} stroke="#c9ced6" />
              <Tooltip cursor={{ fill: '#f1f3f5' }} formatter={(v) => formatPercent(Number(v), 2)} isAnimationActive={false} />
              <Bar dataKey="value" name="test accuracy" barSize={16} isAnimationActive={false}>
                {data.map((d) => (
                  <Cell key={d.id} fill={d.color} />
                ))}
                <LabelList dataKey="value" position="right" formatter={(v) => formatPercent(Number(v), 2)} style={{ fontSize: 11.5, fill: '#1b1f24' }} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}

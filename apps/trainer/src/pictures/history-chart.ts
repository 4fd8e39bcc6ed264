// The seed script's training picture as SVG: training vs validation loss, and accuracy, over epochs.
import { linearTicks } from '@mnist-lab/contracts';
import type { EpochResult } from '@mnist-lab/model';

const W = 900;
const H = 360;
const PAD = { left: 58, right: 16, top: 36, bottom: 44 };
const COLORS = { train: '#2563eb', val: '#ea580c' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Panel {
  x: number;
  width: number;
  title: string;
  series: { label: string; color: string; values: number[] }[];
  epochs: number[];
  marker?: number;
  /** Where the legend goes: away from where the curves end up (loss falls, accuracy rises). */
  legend: 'top' | 'bottom';
}

function panel(p: Panel): string {
  const all = p.series.flatMap((s) => s.values).filter(Number.isFinite);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  const margin = (hi - lo) * 0.08 || 0.01;
  lo -= margin;
  hi += margin;
  const x0 = p.x + PAD.left;
  const x1 = p.x + p.width - PAD.right;
  const y0 = H - PAD.bottom;
  const y1 = PAD.top;
  const first = p.epochs[0];
  const last = p.epochs[p.epochs.length - 1];
  const sx = (e: number) => (last === first ? (x0 + x1) / 2 : x0 + ((e - first) / (last - first)) * (x1 - x0));
  const sy = (v: number) => y0 - ((v - lo) / (hi - lo)) * (y0 - y1);
  const out: string[] = [];
  out.push(`<text x="${(x0 + x1) / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${esc(p.title)}</text>`);
  for (const t of linearTicks(lo, hi)) {
    if (t < lo || t > hi) continue;
    out.push(`<line x1="${x0}" x2="${x1}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${x0 - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="11" fill="#4b5563">${t}</text>`);
  }
  const xt = linearTicks(first, last, Math.min(8, Math.max(1, last - first))).filter((t) => Number.isInteger(t));
  for (const t of xt) {
    if (t < first || t > last) continue;
    out.push(`<text x="${sx(t)}" y="${y0 + 16}" text-anchor="middle" font-size="11" fill="#4b5563">${t}</text>`);
  }
  out.push(`<text x="${(x0 + x1) / 2}" y="${H - 8}" text-anchor="middle" font-size="12" fill="#374151">epoch</text>`);
  out.push(`<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="none" stroke="#9ca3af"/>`);
  if (p.marker !== undefined) {
    out.push(`<line x1="${sx(p.marker)}" x2="${sx(p.marker)}" y1="${y1}" y2="${y0}" stroke="#6b7280" stroke-dasharray="4 3"/>`);
    const right = sx(p.marker) > x1 - 40;
    out.push(
      `<text x="${sx(p.marker) + (right ? -4 : 4)}" y="${y1 + 12}" text-anchor="${right ? 'end' : 'start'}" font-size="10" fill="#6b7280">best</text>`,
    );
  }
  p.series.forEach((s, i) => {
    const pts = s.values.map((v, k) => `${sx(p.epochs[k]).toFixed(1)},${sy(v).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const [k, v] of s.values.entries()) {
      out.push(`<circle cx="${sx(p.epochs[k]).toFixed(1)}" cy="${sy(v).toFixed(1)}" r="2.5" fill="${s.color}"/>`);
    }
    const ly = p.legend === 'top' ? y1 + 14 + i * 16 : y0 - 12 - (p.series.length - 1 - i) * 16;
    out.push(`<line x1="${x1 - 130}" x2="${x1 - 110}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`);
    out.push(`<text x="${x1 - 104}" y="${ly + 4}" font-size="12">${esc(s.label)}</text>`);
  });
  return out.join('\n');
}

export function historyChartSvg(history: EpochResult[], bestEpoch?: number): string {
  const epochs = history.map((h) => h.epoch);
  const half = W / 2;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    panel({
      x: 0,
      width: half,
      title: 'Training and validation loss',
      epochs,
      marker: bestEpoch,
      legend: 'top',
      series: [
        { label: 'loss', color: COLORS.train, values: history.map((h) => h.loss) },
        { label: 'val_loss', color: COLORS.val, values: history.map((h) => h.val_loss) },
      ],
    }),
    panel({
      x: half,
      width: half,
      title: 'Training and validation accuracy',
      epochs,
      marker: bestEpoch,
      legend: 'bottom',
      series: [
        { label: 'accuracy', color: COLORS.train, values: history.map((h) => h.accuracy) },
        { label: 'val_accuracy', color: COLORS.val, values: history.map((h) => h.val_accuracy) },
      ],
    }),
    '</svg>',
  ].join('\n');
}

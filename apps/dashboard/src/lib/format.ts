// How numbers, durations and times read in tables, tooltips and axes: one place so every view agrees.

const DASH = '—';

export function formatPercent(value: number | null | undefined, digits = 2): string {
  return value == null ? DASH : `${(value * 100).toFixed(digits)}%`;
}

/** Up to `digits` significant digits without trailing zeros; tiny and huge values in exponent form. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value == null) return DASH;
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e6) return value.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(digits)));
}

export function formatInteger(value: number | null | undefined): string {
  return value == null ? DASH : value.toLocaleString('en-US');
}

/** 950 ms, 12.3 s, 4m 05s, 2h 03m: short enough for a table cell, exact enough to compare runs. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m` : `${m}m ${pad(sec)}s`;
}

/** Axis ticks for wall time since the run started: 0s, 45s, 2m30s, 1h05m. */
export function formatElapsedTick(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const t = Math.round(seconds);
  if (t < 60) return `${t}s`;
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  return s === 0 ? `${m}m` : `${m}m${String(s).padStart(2, '0')}s`;
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * Local date and time of a run's start. Only called from client-rendered data (react-query on the client),
 * so the server's time zone never meets the browser's during hydration.
 */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value == null) return DASH;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? DASH : dateTime.format(d);
}

export function toMillis(value: string | number | Date | null | undefined): number | null {
  if (value == null) return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A config value as one short string: numbers as lists of sizes (64 × 32), other lists comma-separated, booleans as
 * on/off. Missing and null read as a dash; an empty object, which a nested config can hold, as {}.
 */
export function formatHyperparam(value: unknown): string {
  if (value == null) return DASH;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.every((v) => typeof v === 'number') ? value.map(formatHyperparam).join(' × ') : `[${value.map(formatHyperparam).join(', ')}]`;
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return formatNumber(value, 6);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Step ticks: 850, 8.5k, 12k, 1.2M, so a 50-epoch run's 8,500 batches fit under a chart. */
export function formatStepTick(step: number): string {
  if (!Number.isFinite(step)) return '';
  const abs = Math.abs(step);
  if (abs < 1000) return String(Math.round(step));
  const [div, unit] = abs < 1e6 ? [1e3, 'k'] : [1e6, 'M'];
  const n = step / div;
  return `${Math.abs(n) < 10 ? Number(n.toFixed(1)) : Math.round(n)}${unit}`;
}

/** A layer's output shape without the batch dimension: 28 × 28 × 32; an open dimension reads as ?. */
export function formatShape(shape: readonly (number | null)[]): string {
  return shape.length === 0 ? 'scalar' : shape.map((d) => (d == null ? '?' : String(d))).join(' × ');
}

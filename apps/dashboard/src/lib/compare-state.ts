// The compare page's view in the URL: which runs, in which order (their colors), how they group, and how the charts draw.
import type { XAxisChoice } from './chart-axis';
import { BAND_KINDS, type BandKind } from './group-stats';
import { parseGroupBy, serializeGroupBy, type GroupBy } from './run-groups';

export interface CompareState {
  /** Run ids in color order: position i gets palette color i. */
  runIds: string[];
  smoothing: number;
  xAxis: XAxisChoice;
  logScale: boolean;
  /** Runs drawn as groups (a mean curve and a band each), or each on its own; parsed states always have it. */
  groupBy?: GroupBy;
  /** The band around each group's mean; parsed states always have it. */
  band?: BandKind;
}

export const MAX_COMPARED_RUNS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `x=` values; no `x` is `auto`, which draws epoch metrics by epoch as links from before the step axis did. */
const X_PARAM: Record<Exclude<XAxisChoice, 'auto'>, string> = { step: 'step', epoch: 'epoch', relative: 'time' };

function parseXAxis(value: string | null): XAxisChoice {
  const found = (Object.entries(X_PARAM) as [Exclude<XAxisChoice, 'auto'>, string][]).find(([, v]) => v === value);
  return found ? found[0] : 'auto';
}

export function parseCompareState(params: URLSearchParams): CompareState {
  const ids = (params.get('runs') ?? '').split(',').map((s) => s.trim()).filter((s) => UUID.test(s));
  const smoothing = Number(params.get('smooth'));
  return {
    runIds: [...new Set(ids)].slice(0, MAX_COMPARED_RUNS),
    smoothing: Number.isFinite(smoothing) && smoothing > 0 && smoothing < 1 ? smoothing : 0,
    xAxis: parseXAxis(params.get('x')),
    // Linear by default, as in TensorBoard and W&B; `log=1` puts loss charts on a log axis.
    logScale: params.get('log') === '1',
    groupBy: parseGroupBy(params.get('group')),
    // The runs' full range by default, as W&B draws a group.
    band: (BAND_KINDS as readonly string[]).includes(params.get('band') ?? '') ? (params.get('band') as BandKind) : 'minmax',
  };
}

export function serializeCompareState(state: CompareState): URLSearchParams {
  const p = new URLSearchParams();
  p.set('runs', state.runIds.join(','));
  if (state.smoothing > 0) p.set('smooth', String(state.smoothing));
  if (state.xAxis !== 'auto') p.set('x', X_PARAM[state.xAxis]);
  if (state.logScale) p.set('log', '1');
  const group = state.groupBy && serializeGroupBy(state.groupBy);
  if (group) p.set('group', group);
  if (state.band && state.band !== 'minmax') p.set('band', state.band);
  return p;
}

// The hard-digits page's view in the URL: a sweep or a list of runs, and the share of runs a digit must fool.

export interface HardDigitsState {
  sweepId?: string;
  runIds: string[];
  /** A digit is shown when at least this share of the runs gets it wrong. */
  minShare: number;
}

export const SHARE_CHOICES = [0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;
export const DEFAULT_SHARE = 0.8;
/** The API's cap on runs per question (MAX_ANALYSIS_RUNS). */
const MAX_RUNS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseHardDigitsState(params: URLSearchParams): HardDigitsState {
  const sweep = params.get('sweep')?.trim();
  const runIds = (params.get('runs') ?? '').split(',').map((s) => s.trim()).filter((s) => UUID.test(s));
  const share = Number(params.get('share'));
  return {
    sweepId: sweep && UUID.test(sweep) ? sweep : undefined,
    runIds: [...new Set(runIds)].slice(0, MAX_RUNS),
    minShare: Number.isFinite(share) && share > 0 && share <= 1 ? share : DEFAULT_SHARE,
  };
}

export function serializeHardDigitsState(state: HardDigitsState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.sweepId) p.set('sweep', state.sweepId);
  else if (state.runIds.length > 0) p.set('runs', state.runIds.join(','));
  if (state.minShare !== DEFAULT_SHARE) p.set('share', String(state.minShare));
  return p;
}

/** The link from a comparison or a sweep to its hard digits. */
export function hardDigitsHref(source: { sweepId: string } | { runIds: readonly string[] }): string {
  return 'sweepId' in source ? `/hard-digits?sweep=${source.sweepId}` : `/hard-digits?runs=${source.runIds.join(',')}`;
}

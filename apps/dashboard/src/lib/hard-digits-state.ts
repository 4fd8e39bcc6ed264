// The hard-digits page's view in the URL: a sweep, a list of runs or groups of runs, and the share a digit must fool.

export interface HardDigitsState {
  sweepId?: string;
  runIds: string[];
  /** Groups of runs (`groups=a,b;c,d`), each voting as one classifier; the comparison's grouping (`group=`) rides along. */
  groups?: string[][];
  groupBy?: string;
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
  const seen = new Set<string>();
  const groups = (params.get('groups') ?? '')
    .split(';')
    .map((g) => g.split(',').map((s) => s.trim()).filter((s) => UUID.test(s) && !seen.has(s) && Boolean(seen.add(s))))
    .filter((g) => g.length > 0);
  const state: HardDigitsState = {
    sweepId: sweep && UUID.test(sweep) ? sweep : undefined,
    runIds: [...new Set(runIds)].slice(0, MAX_RUNS),
    minShare: Number.isFinite(share) && share > 0 && share <= 1 ? share : DEFAULT_SHARE,
  };
  if (groups.length > 0 && seen.size <= MAX_RUNS) {
    state.groups = groups;
    const groupBy = params.get('group')?.trim();
    if (groupBy) state.groupBy = groupBy;
  }
  return state;
}

export function serializeHardDigitsState(state: HardDigitsState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.sweepId) p.set('sweep', state.sweepId);
  else if (state.groups && state.groups.length > 0) {
    p.set('groups', state.groups.map((g) => g.join(',')).join(';'));
    if (state.groupBy) p.set('group', state.groupBy);
  } else if (state.runIds.length > 0) p.set('runs', state.runIds.join(','));
  if (state.minShare !== DEFAULT_SHARE) p.set('share', String(state.minShare));
  return p;
}

/** The link from a comparison (its runs, or its groups and grouping) or a sweep to its hard digits. */
export function hardDigitsHref(source: { sweepId: string } | { runIds: readonly string[] } | { groups: readonly (readonly string[])[]; groupBy?: string }): string {
  if ('sweepId' in source) return `/hard-digits?sweep=${source.sweepId}`;
  if ('runIds' in source) return `/hard-digits?runs=${source.runIds.join(',')}`;
  return `/hard-digits?${serializeHardDigitsState({ runIds: [], minShare: DEFAULT_SHARE, groups: source.groups.map((g) => [...g]), groupBy: source.groupBy })
    .toString()
    .replace(/%2C/gi, ',')
    .replace(/%3B/gi, ';')}`;
}

// The runs table's view (filters, sort, page, columns, grouping, selection) as URL query parameters, so a view is a shareable link.
import { ArchivedFilterSchema, ConfigPathSchema, RUN_SORT_COLUMNS, RunStatusSchema, type ArchivedFilter, type ListRuns, type RunSort, type RunStatus } from '@mnist-lab/contracts';
import { parseGroupBy, serializeGroupBy, NO_GROUPING, type GroupBy } from './run-groups';
import { DEFAULT_COLUMNS, LEGACY_CONFIG_COLUMNS, configColumnId, configPathOf, normalizeColumnId, orderColumns } from './run-columns';

export type RunSortColumn = RunSort;
export type ConfigFilterValue = string | number | boolean;

export interface RunsTableState {
  status: RunStatus[];
  tag?: string;
  sweepId?: string;
  search?: string;
  /** Exact config values by dotted path, from `hp.<path>=<value>` parameters (the prefix predates open configs). */
  config: Record<string, ConfigFilterValue>;
  /** A fixed column or `config.<path>`. */
  sort: RunSortColumn;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
  /** Fixed column ids and `config.<path>` ids, in display order. */
  columns: string[];
  selected: string[];
  /** Rows of groups (W&B's "Group by"), each expanding to its runs; none by default. */
  groupBy: GroupBy;
  /** Archived runs are hidden (`exclude`) unless the view asks for them too (`include`) or alone (`only`). */
  archived: ArchivedFilter;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;

export const DEFAULT_STATE: RunsTableState = {
  status: [],
  config: {},
  sort: 'startedAt',
  direction: 'desc',
  page: 1,
  pageSize: 50,
  columns: [...DEFAULT_COLUMNS],
  selected: [],
  groupBy: NO_GROUPING,
  archived: 'exclude',
};

/** Written by the table and by links in the README and exports; `config.` is read too, as the API names the filter. */
const FILTER_PREFIXES = ['hp.', 'config.'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const list = (value: string | null) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);

/** `32` -> 32, `true` -> true, `adam` -> "adam": the same typing a user means when typing a value in the filter. */
export function parseFilterValue(raw: string): ConfigFilterValue {
  const text = raw.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  if (text !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/** A sort as the URL holds it: a fixed column, `config.<path>`, or a legacy column now read from the config. */
function parseSort(value: string | null): RunSortColumn {
  if (!value) return DEFAULT_STATE.sort;
  if (value in LEGACY_CONFIG_COLUMNS) return configColumnId(LEGACY_CONFIG_COLUMNS[value]);
  if ((RUN_SORT_COLUMNS as readonly string[]).includes(value)) return value;
  return configPathOf(value) === undefined ? DEFAULT_STATE.sort : value;
}

function filterPath(key: string): string | undefined {
  const prefix = FILTER_PREFIXES.find((p) => key.startsWith(p));
  if (!prefix) return undefined;
  const path = key.slice(prefix.length);
  return ConfigPathSchema.safeParse(path).success ? path : undefined;
}

/** Reads a state from the URL; anything malformed falls back to the default instead of breaking the page. */
export function parseRunsTableState(params: URLSearchParams): RunsTableState {
  const config: Record<string, ConfigFilterValue> = {};
  for (const [key, value] of params) {
    const path = filterPath(key);
    if (path !== undefined) config[path] = parseFilterValue(value);
  }
  const columns = list(params.get('cols')).flatMap((c) => normalizeColumnId(c) ?? []);
  const pageSize = Number(params.get('size'));
  return {
    status: list(params.get('status')).flatMap((s) => {
      const parsed = RunStatusSchema.safeParse(s);
      return parsed.success ? [parsed.data] : [];
    }),
    tag: params.get('tag')?.trim() || undefined,
    sweepId: UUID.test(params.get('sweep') ?? '') ? (params.get('sweep') as string) : undefined,
    search: params.get('q')?.trim() || undefined,
    config,
    sort: parseSort(params.get('sort')),
    direction: params.get('dir') === 'asc' ? 'asc' : params.get('dir') === 'desc' ? 'desc' : DEFAULT_STATE.direction,
    page: positiveInt(params.get('page'), 1, 1_000_000),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_STATE.pageSize,
    columns: columns.length > 0 ? [...new Set(columns)] : [...DEFAULT_STATE.columns],
    selected: list(params.get('sel')).filter((id) => UUID.test(id)),
    groupBy: parseGroupBy(params.get('group')),
    archived: ArchivedFilterSchema.safeParse(params.get('archived')).data ?? DEFAULT_STATE.archived,
  };
}

/** Writes only what differs from the default, so links stay short and readable. */
export function serializeRunsTableState(state: RunsTableState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.search) p.set('q', state.search);
  if (state.status.length > 0) p.set('status', state.status.join(','));
  if (state.tag) p.set('tag', state.tag);
  if (state.sweepId) p.set('sweep', state.sweepId);
  if (state.archived !== DEFAULT_STATE.archived) p.set('archived', state.archived);
  for (const [key, value] of Object.entries(state.config).sort(([a], [b]) => a.localeCompare(b))) {
    p.set(`${FILTER_PREFIXES[0]}${key}`, String(value));
  }
  if (state.sort !== DEFAULT_STATE.sort || state.direction !== DEFAULT_STATE.direction) {
    p.set('sort', state.sort);
    p.set('dir', state.direction);
  }
  if (state.page !== 1) p.set('page', String(state.page));
  if (state.pageSize !== DEFAULT_STATE.pageSize) p.set('size', String(state.pageSize));
  if (state.columns.join(',') !== DEFAULT_STATE.columns.join(',')) p.set('cols', state.columns.join(','));
  const group = serializeGroupBy(state.groupBy);
  if (group) p.set('group', group);
  if (state.selected.length > 0) p.set('sel', state.selected.join(','));
  return p;
}

/** The `runs.list` input for a state; filters absent from the URL are left out rather than sent empty. */
export function toListRunsInput(state: RunsTableState): Partial<ListRuns> {
  return {
    ...(state.status.length > 0 && { status: state.status }),
    ...(state.tag && { tag: state.tag }),
    ...(state.sweepId && { sweepId: state.sweepId }),
    ...(state.search && { search: state.search }),
    ...(Object.keys(state.config).length > 0 && { config: state.config }),
    ...(state.archived !== DEFAULT_STATE.archived && { archived: state.archived }),
    sort: state.sort,
    direction: state.direction,
    page: state.page,
    pageSize: state.pageSize,
  };
}

/** Any change to what is listed sends the user back to page 1, as W&B and MLflow do. */
export function withFilters(state: RunsTableState, patch: Partial<RunsTableState>): RunsTableState {
  return { ...state, ...patch, page: 1 };
}

/** Shows or hides one column, keeping the table's column order. */
export function toggleColumn(columns: readonly string[], id: string, on: boolean): string[] {
  return orderColumns(on ? [...columns, id] : columns.filter((c) => c !== id));
}

'use client';
// The runs page: filter bar, table, pagination and the compare action, all driven by the URL.
import { configPaths, configValue } from '@mnist-lab/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '../common/app-link';
import { useEffect, useMemo, useRef } from 'react';
import { formatHyperparam } from '../../lib/format';
import { configPathOf } from '../../lib/run-columns';
import { groupRuns, hasSeedRepeats, serializeGroupBy } from '../../lib/run-groups';
import { toListRunsInput, withFilters, type RunSortColumn } from '../../lib/runs-table-state';
import { liveInterval } from '../../trpc/live';
import { useTRPC } from '../../trpc/react';
import type { RunList, RunRow } from '../../trpc/types';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { useOrigin } from '../common/use-origin';
import { ArchivedFilterControl } from '../manage/archived-filter';
import { BulkBar } from '../manage/bulk-bar';
import { useSignedIn } from '../manage/use-signed-in';
import { ColumnPicker } from './column-picker';
import { GroupPicker } from './group-picker';
import { Pagination } from './pagination';
import { RunsExport } from './runs-export';
import { RunsFilters, hasFilters } from './runs-filters';
import { RunsTable } from './runs-table';
import { useRunsTableState } from './use-runs-table-state';

const FIRST_RUN_POLL_MS = 2_000;

/** Text columns read A→Z first; numbers and times read best/newest first. */
const ASCENDING_FIRST: readonly RunSortColumn[] = ['name', 'status', 'family'];

function ascendingFirst(column: RunSortColumn, keyTypes: ReadonlyMap<string, readonly string[]>): boolean {
  const path = configPathOf(column);
  if (path === undefined) return ASCENDING_FIRST.includes(column);
  return !(keyTypes.get(path) ?? []).includes('number');
}

/** Tags and config values of the listed runs, offered as the filters are typed: only scalars, which the filter matches exactly. */
function suggestions(rows: readonly RunRow[]) {
  const tags = new Set<string>();
  const values: Record<string, Set<string>> = {};
  for (const row of rows) {
    row.tags.forEach((t) => tags.add(t));
    const config = row.config ?? {};
    for (const path of configPaths(config)) {
      const v = configValue(config, path);
      if (v === null || v === undefined || typeof v === 'object') continue;
      (values[path] ??= new Set()).add(typeof v === 'boolean' ? String(v) : formatHyperparam(v));
    }
  }
  return {
    tags: [...tags].sort(),
    values: Object.fromEntries(Object.entries(values).map(([k, s]) => [k, [...s].sort()])),
  };
}

export function RunsView() {
  const trpc = useTRPC();
  const origin = useOrigin();
  const [state, setState] = useRunsTableState();
  const signedIn = useSignedIn();
  const runs = useQuery({
    ...trpc.runs.list.queryOptions(toListRunsInput(state)),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: true,
    // Live runs every second; an empty dashboard also watches for the first run, so it appears without a reload.
    refetchInterval: (q) => {
      const data = q.state.data;
      if (data && data.total === 0 && !hasFilters(state) && state.archived !== 'only') return FIRST_RUN_POLL_MS;
      return liveInterval((d: RunList) => d.runs)(q);
    },
  });
  const sweeps = useQuery(trpc.sweeps.list.queryOptions());
  // Keys change only when runs are created: asked again on focus and when the number of runs changes, not every live second.
  const configKeys = useQuery({
    ...trpc.runs.configKeys.queryOptions(state.sweepId ? { sweepId: state.sweepId } : {}),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: true,
    staleTime: 30_000,
  });
  const rows = runs.data?.runs ?? [];
  const hints = useMemo(() => suggestions(rows), [rows]);
  const keys = configKeys.data;
  const keyTypes = useMemo(() => new Map((keys ?? []).map((k) => [k.path, k.types])), [keys]);
  const keyPaths = useMemo(() => (keys ?? []).map((k) => k.path), [keys]);
  // Groups of the listed page's runs, in the table's order (a group sits where its first run would).
  const groupable = useMemo(() => rows.map((r) => ({ id: r.id, config: r.config ?? {} })), [rows]);
  const groups = useMemo(() => (state.groupBy.kind === 'none' ? undefined : groupRuns(groupable, state.groupBy)), [groupable, state.groupBy]);
  const seedRepeats = useMemo(() => hasSeedRepeats(groupable), [groupable]);
  // Not on the first answer: the keys were fetched alongside it.
  const total = runs.data?.total;
  const seenTotal = useRef<number | undefined>(undefined);
  const refetchKeys = configKeys.refetch;
  useEffect(() => {
    if (total === undefined) return;
    if (seenTotal.current !== undefined && seenTotal.current !== total) void refetchKeys();
    seenTotal.current = total;
  }, [total, refetchKeys]);

  const onSort = (column: RunSortColumn) =>
    setState((s) => ({
      ...s,
      sort: column,
      direction: s.sort === column ? (s.direction === 'asc' ? 'desc' : 'asc') : ascendingFirst(column, keyTypes) ? 'asc' : 'desc',
      page: 1,
    }));
  const onSelect = (ids: string[], on: boolean) =>
    setState((s) => ({ ...s, selected: on ? [...new Set([...s.selected, ...ids])] : s.selected.filter((id) => !ids.includes(id)) }));
  // The comparison keeps the table's grouping: each group is drawn as its mean and band.
  const group = serializeGroupBy(state.groupBy);
  const compareHref = `/compare?runs=${state.selected.join(',')}${group ? `&group=${group}` : ''}`;

  return (
    <>
      <div className="page-header">
        <h1>Runs</h1>
        <span className="count" data-testid="run-count">
          {total === undefined ? '' : `${total}${state.archived === 'only' ? ' archived' : ''} ${total === 1 ? 'run' : 'runs'}`}
        </span>
        {runs.isFetching && runs.isPlaceholderData && <span className="muted">Updating…</span>}
        <span className="spacer" />
        {state.selected.length > 0 && (
          <>
            <span className="muted">{state.selected.length} selected</span>
            <button type="button" className="btn-link" onClick={() => setState((s) => ({ ...s, selected: [] }))}>
              Clear
            </button>
          </>
        )}
        <ArchivedFilterControl value={state.archived} onChange={(archived) => setState((s) => withFilters(s, { archived }))} />
        <RunsExport state={state} />
        <GroupPicker groupBy={state.groupBy} onChange={(groupBy) => setState((s) => ({ ...s, groupBy }))} keys={keyPaths} seedRepeats={seedRepeats} />
        <ColumnPicker columns={state.columns} configKeys={keys} onChange={(columns) => setState((s) => ({ ...s, columns }))} />
        {state.selected.length > 0 ? (
          <Link className="btn btn-primary" href={compareHref} data-testid="compare-button">
            Compare {state.selected.length}
          </Link>
        ) : (
          <button type="button" className="btn btn-primary" disabled title="Select runs with the checkboxes first">
            Compare
          </button>
        )}
      </div>

      <div className="card">
        <RunsFilters
          state={state}
          onChange={setState}
          sweeps={(sweeps.data?.sweeps ?? []).map((s) => ({ id: s.id, name: s.name }))}
          knownTags={hints.tags}
          knownValues={hints.values}
          knownKeys={keyPaths}
        />
        {signedIn && <BulkBar selected={state.selected} rows={rows} onDone={() => setState((s) => ({ ...s, selected: [] }))} />}
        {runs.isPending ? (
          <div className="card-body">
            <LoadingBlock height={220} label="Loading runs" />
          </div>
        ) : runs.isError ? (
          <ErrorState title="Could not load runs" error={runs.error} retry={() => void runs.refetch()} />
        ) : rows.length > 0 ? (
          <>
            <RunsTable rows={rows} state={state} onSort={onSort} onSelect={onSelect} keyTypes={keyTypes} groups={groups} />
            <Pagination
              total={runs.data.total}
              page={state.page}
              pageSize={state.pageSize}
              onPage={(page) => setState((s) => ({ ...s, page }))}
              onPageSize={(pageSize) => setState((s) => withFilters(s, { pageSize }))}
            />
          </>
        ) : hasFilters(state) ? (
          <EmptyState title="No runs match these filters">
            <p>Loosen a filter above, or clear them all to see every run.</p>
          </EmptyState>
        ) : state.archived === 'only' ? (
          <EmptyState title="No archived runs">
            <p>Archived runs are kept out of the table until restored; none are archived now.</p>
          </EmptyState>
        ) : state.page > 1 && runs.data.total > 0 ? (
          <EmptyState title={`No runs on page ${state.page}`}>
            <button type="button" className="btn" onClick={() => setState((s) => ({ ...s, page: 1 }))}>
              Go to the first page
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No runs yet">
            <p>
              Start one with <code>npx mnist-lab train --server {origin}</code>
            </p>
            <p>
              or fill the dashboard with a few quick example runs: <code>npm run demo</code>
            </p>
            <p className="live-dot">watching for the first run — it appears here by itself</p>
          </EmptyState>
        )}
      </div>
    </>
  );
}

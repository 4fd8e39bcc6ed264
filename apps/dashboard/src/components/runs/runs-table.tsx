'use client';
// The runs table: sortable headers, one checkbox per run for comparing, the chosen columns (fixed ones and config keys);
// grouped, a row per group (n, test accuracy's mean ± std, best val accuracy, mean duration) that expands to its runs.
import { Fragment, useState } from 'react';
import { Link } from '../common/app-link';
import { formatDuration, formatPercent } from '../../lib/format';
import { aggregateGroup, sharedValue } from '../../lib/group-rows';
import { configPathOf, tableColumn, type TableColumn } from '../../lib/run-columns';
import type { RunGroup } from '../../lib/run-groups';
import type { RunSortColumn, RunsTableState } from '../../lib/runs-table-state';
import type { RunRow } from '../../trpc/types';
import { RunCell } from './run-cell';
import styles from './runs.module.css';

interface Props {
  rows: readonly RunRow[];
  state: RunsTableState;
  onSort: (column: RunSortColumn) => void;
  onSelect: (ids: string[], selected: boolean) => void;
  /** The JSON types of each config path (from runs.configKeys): numeric config columns align right. */
  keyTypes: ReadonlyMap<string, readonly string[]>;
  /** The listed runs' groups, when grouped: each group's rows follow it while it is expanded. */
  groups?: readonly RunGroup[];
}

function SortHeader({ label, title, column, state, onSort }: {
  label: string;
  title?: string;
  column: RunSortColumn;
  state: RunsTableState;
  onSort: (column: RunSortColumn) => void;
}) {
  const active = state.sort === column;
  return (
    <button type="button" className="sort-button" title={title ? `Sort by ${title}` : `Sort by ${label}`} onClick={() => onSort(column)}>
      {label}
      <span className="sort-arrow" aria-hidden>
        {active ? (state.direction === 'asc' ? '▲' : '▼') : ''}
      </span>
    </button>
  );
}

/** A group's aggregate in a column: n in the name cell, statistics where they mean something, shared values elsewhere. */
function GroupCell({ rows, column }: { rows: readonly RunRow[]; column: TableColumn }) {
  const agg = aggregateGroup(rows);
  switch (column.id) {
    case 'testAccuracy':
      return agg.testAccuracy ? (
        <span className={styles.groupStat} data-testid="group-test-acc" title={`mean ± sample std over ${agg.testAccuracy.n} finished runs`}>
          <span className="best">{formatPercent(agg.testAccuracy.mean)}</span>
          <span className="muted"> ± {(agg.testAccuracy.std * 100).toFixed(2)}</span>
        </span>
      ) : (
        <span className="muted">—</span>
      );
    case 'bestValAccuracy':
      return <span title="the best of the group's runs">{formatPercent(agg.bestValAccuracy)}</span>;
    case 'duration':
      return <span title="mean over the group's runs">{formatDuration(agg.durationMs)}</span>;
    default:
      return sharedValue(rows as unknown as Record<string, unknown>[], column) ? <RunCell row={rows[0]} column={column} /> : null;
  }
}

export function RunsTable({ rows, state, onSort, onSelect, keyTypes, groups }: Props) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const columns = state.columns.flatMap((id) => tableColumn(id, keyTypes.get(configPathOf(id) ?? '')) ?? []);
  const selected = new Set(state.selected);
  const pageIds = rows.map((r) => r.id);
  const allSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const runRow = (row: RunRow, className?: string) => (
    <tr key={row.id} className={className} aria-selected={selected.has(row.id)} data-testid="run-row">
      <td className="check-cell">
        <input type="checkbox" aria-label={`Select ${row.name}`} checked={selected.has(row.id)} onChange={(e) => onSelect([row.id], e.target.checked)} />
      </td>
      <td>
        <Link href={`/runs/${row.id}`} className="run-name" title={row.name}>
          {row.name}
        </Link>
        {row.archivedAt && (
          <span className={`tag ${styles.archivedTag}`} data-testid="archived-tag" title="Archived: left out of the default view until restored">
            archived
          </span>
        )}
      </td>
      {columns.map((c) => (
        <td key={c.id} className={c.numeric ? 'numeric' : undefined} data-column={c.id}>
          <RunCell row={row} column={c} />
        </td>
      ))}
    </tr>
  );
  const ariaSort = (column?: RunSortColumn) =>
    column && state.sort === column ? (state.direction === 'asc' ? 'ascending' : 'descending') : undefined;

  return (
    <div className="table-wrap">
      <table className="table" data-testid="runs-table">
        <thead>
          <tr>
            <th className="check-cell">
              <input
                type="checkbox"
                aria-label={allSelected ? 'Unselect all runs on this page' : 'Select all runs on this page'}
                checked={allSelected}
                onChange={(e) => onSelect(pageIds, e.target.checked)}
              />
            </th>
            <th aria-sort={ariaSort('name')}>
              <SortHeader label="Name" column="name" state={state} onSort={onSort} />
            </th>
            {columns.map((c) => (
              <th key={c.id} className={c.numeric ? 'numeric' : undefined} aria-sort={ariaSort(c.sort)} data-column={c.id}>
                {c.sort ? (
                  <SortHeader label={c.label} title={c.title} column={c.sort} state={state} onSort={onSort} />
                ) : (
                  <span title={c.title}>{c.label}</span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups
            ? groups.map((g) => {
                const members = g.runIds.flatMap((id) => byId.get(id) ?? []);
                const expanded = open.has(g.key);
                const allIn = members.every((m) => selected.has(m.id));
                return (
                  <Fragment key={g.key}>
                    <tr className={styles.groupRow} data-testid="group-row" data-group={g.label} aria-expanded={expanded}>
                      <td className="check-cell">
                        <input
                          type="checkbox"
                          aria-label={`Select the ${members.length} runs of ${g.label}`}
                          checked={allIn}
                          onChange={(e) => onSelect(g.runIds, e.target.checked)}
                        />
                      </td>
                      <td>
                        <button
                          type="button"
                          className={styles.groupToggle}
                          aria-expanded={expanded}
                          data-testid="group-toggle"
                          onClick={() => setOpen((o) => toggled(o, g.key))}
                        >
                          <span className={expanded ? `${styles.chevron} ${styles.chevronOpen}` : styles.chevron} aria-hidden>
                            ▸
                          </span>
                          <span className="run-name" title={g.label}>
                            {g.label}
                          </span>
                          <span className="muted num" data-testid="group-n">
                            n={members.length}
                          </span>
                        </button>
                      </td>
                      {columns.map((c) => (
                        <td key={c.id} className={c.numeric ? 'numeric' : undefined} data-column={c.id}>
                          <GroupCell rows={members} column={c} />
                        </td>
                      ))}
                    </tr>
                    {expanded && members.map((row) => runRow(row, styles.memberRow))}
                  </Fragment>
                );
              })
            : rows.map((row) => runRow(row))}
        </tbody>
      </table>
    </div>
  );
}

function toggled(set: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

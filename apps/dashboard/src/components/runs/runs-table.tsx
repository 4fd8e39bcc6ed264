// The runs table: sortable headers, one checkbox per run for comparing, the chosen columns (fixed ones and config keys).
import { Link } from '../common/app-link';
import { configPathOf, tableColumn } from '../../lib/run-columns';
import type { RunSortColumn, RunsTableState } from '../../lib/runs-table-state';
import type { RunRow } from '../../trpc/types';
import { RunCell } from './run-cell';

interface Props {
  rows: readonly RunRow[];
  state: RunsTableState;
  onSort: (column: RunSortColumn) => void;
  onSelect: (ids: string[], selected: boolean) => void;
  /** The JSON types of each config path (from runs.configKeys): numeric config columns align right. */
  keyTypes: ReadonlyMap<string, readonly string[]>;
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

export function RunsTable({ rows, state, onSort, onSelect, keyTypes }: Props) {
  const columns = state.columns.flatMap((id) => tableColumn(id, keyTypes.get(configPathOf(id) ?? '')) ?? []);
  const selected = new Set(state.selected);
  const pageIds = rows.map((r) => r.id);
  const allSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
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
          {rows.map((row) => (
            <tr key={row.id} aria-selected={selected.has(row.id)} data-testid="run-row">
              <td className="check-cell">
                <input
                  type="checkbox"
                  aria-label={`Select ${row.name}`}
                  checked={selected.has(row.id)}
                  onChange={(e) => onSelect([row.id], e.target.checked)}
                />
              </td>
              <td>
                <Link href={`/runs/${row.id}`} className="run-name" title={row.name}>
                  {row.name}
                </Link>
              </td>
              {columns.map((c) => (
                <td key={c.id} className={c.numeric ? 'numeric' : undefined} data-column={c.id}>
                  <RunCell row={row} column={c} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// What a runs-table group row shows: how many runs, test accuracy's mean and spread, the best val accuracy, the mean duration.
import { configValue } from '@mnist-lab/contracts';
import { summarize, type Summary } from './group-stats';
import type { TableColumn } from './run-columns';

/** The fields of a runs-table row a group's aggregates read. */
export interface GroupedRow {
  id: string;
  config: Record<string, unknown> | null;
  testAccuracy: number | null;
  bestValAccuracy: number | null;
  durationMs: number | null;
}

export interface GroupAggregate {
  n: number;
  /** Over the runs that have a test accuracy (finished ones); undefined while none has. */
  testAccuracy?: Summary;
  /** The best of the runs' best validation accuracies. */
  bestValAccuracy: number | null;
  /** The mean duration of the runs that have one. */
  durationMs: number | null;
}

const present = (values: readonly (number | null)[]) => values.filter((v): v is number => v != null && Number.isFinite(v));

export function aggregateGroup(rows: readonly GroupedRow[]): GroupAggregate {
  const val = present(rows.map((r) => r.bestValAccuracy));
  const duration = summarize(present(rows.map((r) => r.durationMs)));
  return {
    n: rows.length,
    testAccuracy: summarize(present(rows.map((r) => r.testAccuracy))),
    bestValAccuracy: val.length > 0 ? Math.max(...val) : null,
    durationMs: duration ? duration.mean : null,
  };
}

/** A column's value for one row, compared as JSON: a group row shows a column only when all its runs agree on it. */
export function cellValue(row: Record<string, unknown>, column: TableColumn): string {
  if (column.path !== undefined) return JSON.stringify(configValue((row.config ?? {}) as never, column.path) ?? null);
  return JSON.stringify(row[column.id] ?? null);
}

export function sharedValue(rows: readonly Record<string, unknown>[], column: TableColumn): boolean {
  return rows.length > 0 && rows.every((r) => cellValue(r, column) === cellValue(rows[0], column));
}

// The runs table's columns: what each shows, whether the API can sort by it, and which are on by default.
import type { RunSortColumn } from './runs-table-state';

export const RUN_COLUMNS = [
  { id: 'status', label: 'Status', sort: 'status', default: true },
  { id: 'sweep', label: 'Sweep', sort: 'sweep', default: true },
  { id: 'tags', label: 'Tags', sort: 'tags', default: true },
  { id: 'learningRate', label: 'LR', title: 'learning rate', sort: 'learningRate', default: true, numeric: true },
  { id: 'batchSize', label: 'Batch', title: 'batch size', sort: 'batchSize', default: true, numeric: true },
  { id: 'dropout', label: 'Dropout', sort: 'dropout', default: true, numeric: true },
  { id: 'optimizer', label: 'Optimizer', sort: 'optimizer', default: false },
  { id: 'hiddenUnits', label: 'Hidden', title: 'hidden units per layer', sort: 'hiddenUnits', default: false },
  { id: 'backend', label: 'Backend', sort: 'backend', default: false },
  { id: 'seed', label: 'Seed', sort: 'seed', default: false, numeric: true },
  { id: 'lastEpoch', label: 'Epochs', title: 'epochs logged', sort: 'lastEpoch', default: true, numeric: true },
  {
    id: 'bestValAccuracy',
    label: 'Best val acc',
    title: 'best validation accuracy over epochs',
    sort: 'bestValAccuracy',
    default: true,
    numeric: true,
  },
  { id: 'bestValLoss', label: 'Best val loss', sort: 'bestValLoss', default: false, numeric: true },
  { id: 'testAccuracy', label: 'Test acc', sort: 'testAccuracy', default: true, numeric: true },
  { id: 'testLoss', label: 'Test loss', sort: 'testLoss', default: false, numeric: true },
  {
    id: 'misclassifiedCount',
    label: 'Errors',
    title: 'misclassified test digits',
    sort: 'misclassifiedCount',
    default: true,
    numeric: true,
  },
  { id: 'duration', label: 'Duration', sort: 'duration', default: true, numeric: true },
  { id: 'startedAt', label: 'Started', sort: 'startedAt', default: true },
] as const satisfies readonly {
  id: string;
  label: string;
  title?: string;
  sort?: RunSortColumn;
  default: boolean;
  numeric?: boolean;
}[];

export type RunColumn = (typeof RUN_COLUMNS)[number];
export type RunColumnId = RunColumn['id'];

export const COLUMN_IDS: readonly RunColumnId[] = RUN_COLUMNS.map((c) => c.id);
export const DEFAULT_COLUMNS: readonly RunColumnId[] = RUN_COLUMNS.filter((c) => c.default).map((c) => c.id);

export function isColumnId(value: string): value is RunColumnId {
  return (COLUMN_IDS as readonly string[]).includes(value);
}

export function columnSort(column: RunColumn): RunSortColumn | undefined {
  return 'sort' in column ? column.sort : undefined;
}

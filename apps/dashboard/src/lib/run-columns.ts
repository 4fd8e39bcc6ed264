// The runs table's columns: the fixed ones (what each shows, how it sorts, which are on by default) and one per config path.
import { ConfigPathSchema, type RunSort } from '@mnist-lab/contracts';

export interface TableColumn {
  /** A fixed column's id, or `config.<dotted path>` for a config key. */
  id: string;
  label: string;
  title?: string;
  sort?: RunSort;
  numeric?: boolean;
  /** The config path a config column shows. */
  path?: string;
}

export const RUN_COLUMNS = [
  { id: 'status', label: 'Status', sort: 'status', default: true },
  { id: 'sweep', label: 'Sweep', sort: 'sweep', default: true },
  { id: 'tags', label: 'Tags', sort: 'tags', default: true },
  { id: 'family', label: 'Family', title: 'model family (mlp, cnn, ...), from the recorded architecture', sort: 'family', default: true },
  { id: 'paramCount', label: 'Params', title: 'trainable parameters, from the recorded architecture', sort: 'paramCount', default: true, numeric: true },
  { id: 'learningRate', label: 'LR', title: 'learning rate', sort: 'learningRate', default: true, numeric: true },
  { id: 'batchSize', label: 'Batch', title: 'batch size', sort: 'batchSize', default: true, numeric: true },
  { id: 'dropout', label: 'Dropout', sort: 'dropout', default: true, numeric: true },
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
] as const satisfies readonly (Omit<TableColumn, 'path'> & { default: boolean })[];

export type FixedColumnId = (typeof RUN_COLUMNS)[number]['id'];

export const COLUMN_IDS: readonly FixedColumnId[] = RUN_COLUMNS.map((c) => c.id);
export const DEFAULT_COLUMNS: readonly string[] = RUN_COLUMNS.filter((c) => c.default).map((c) => c.id);

const CONFIG_PREFIX = 'config.';

/**
 * Columns that were fixed before configs were open: they read the trainer's keys, which other runs need not have, so
 * old links (`cols=optimizer`, `sort=hiddenUnits`) now open the config column of the same key.
 */
export const LEGACY_CONFIG_COLUMNS: Readonly<Record<string, string>> = { optimizer: 'optimizer', hiddenUnits: 'hiddenUnits' };

export const configColumnId = (path: string) => `${CONFIG_PREFIX}${path}`;

/** The config path of a `config.<path>` column id (or sort), or undefined for anything else. */
export function configPathOf(id: string): string | undefined {
  if (!id.startsWith(CONFIG_PREFIX)) return undefined;
  const path = id.slice(CONFIG_PREFIX.length);
  return ConfigPathSchema.safeParse(path).success ? path : undefined;
}

export function isFixedColumnId(value: string): value is FixedColumnId {
  return (COLUMN_IDS as readonly string[]).includes(value);
}

/** A column id as the URL may hold it, normalised (legacy ids become config columns); undefined when it names nothing. */
export function normalizeColumnId(value: string): string | undefined {
  if (isFixedColumnId(value)) return value;
  if (value in LEGACY_CONFIG_COLUMNS) return configColumnId(LEGACY_CONFIG_COLUMNS[value]);
  return configPathOf(value) === undefined ? undefined : value;
}

/**
 * The column an id names. A config column is numeric (right-aligned) when every run that has the key holds a number
 * there; `types` comes from runs.configKeys and is unknown while it loads.
 */
export function tableColumn(id: string, types?: readonly string[]): TableColumn | undefined {
  const fixed = RUN_COLUMNS.find((c) => c.id === id);
  if (fixed) return fixed;
  const path = configPathOf(id);
  if (path === undefined) return undefined;
  const numeric = types !== undefined && types.length > 0 && types.every((t) => t === 'number' || t === 'null');
  return { id, label: path, title: `config key ${path}`, sort: configColumnId(path), numeric, path };
}

/** Where a column goes: fixed columns in their own order, config columns (in the order chosen) before the results. */
function position(id: string): number {
  const i = COLUMN_IDS.indexOf(id as FixedColumnId);
  return i >= 0 ? i : COLUMN_IDS.indexOf('lastEpoch') - 0.5;
}

export function orderColumns(ids: Iterable<string>): string[] {
  return [...new Set(ids)].map((id, i) => ({ id, i })).sort((a, b) => position(a.id) - position(b.id) || a.i - b.i).map((c) => c.id);
}

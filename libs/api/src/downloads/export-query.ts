// Reads an export's filters and sort from the runs table's own URL query (q, status, tag, sweep, hp.*, archived, sort, dir).
import { RunsExportSchema, type RunsExport } from '@mnist-lab/contracts';
import type { z } from 'zod';

export class BadQueryError extends Error {
  override name = 'BadQueryError';
}

const HP_PREFIX = 'hp.';

/** `32` -> 32, `true` -> true, `adam` -> "adam": the typing the runs table gives a value typed in its filter. */
function filterValue(raw: string): string | number | boolean {
  const text = raw.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  if (text !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/** The table's parameter name for a schema field, so an error names what is in the URL. */
const PARAM_NAMES: Record<string, string> = { search: 'q', sweepId: 'sweep', direction: 'dir', config: 'hp' };

function describeIssue(issue: z.core.$ZodIssue): string {
  const [field, ...rest] = issue.path.map(String);
  const param = field === 'config' && rest.length > 0 ? `${HP_PREFIX}${rest[0]}` : (PARAM_NAMES[field] ?? field);
  return `${param ?? 'query'}: ${issue.message}`;
}

/**
 * The runs an export holds, from the table's URL parameters; paging and column parameters are ignored (an export
 * holds every matching run and every column). Throws BadQueryError with a one-line reason for a malformed value.
 */
export function parseExportQuery(params: URLSearchParams): RunsExport {
  // `hp.<dotted config path>`: the prefix the runs table has always used for its config filters.
  const config: Record<string, string | number | boolean> = {};
  for (const [key, value] of params) {
    if (key.startsWith(HP_PREFIX) && key.length > HP_PREFIX.length) config[key.slice(HP_PREFIX.length)] = filterValue(value);
  }
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const status = text('status')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const parsed = RunsExportSchema.safeParse({
    search: text('q'),
    status,
    tag: text('tag'),
    sweepId: text('sweep'),
    config: Object.keys(config).length > 0 ? config : undefined,
    sort: text('sort'),
    direction: text('dir'),
    archived: text('archived'),
  });
  if (!parsed.success) throw new BadQueryError(describeIssue(parsed.error.issues[0]));
  return parsed.data;
}

// What the download routes accept (the runs table's filters and sort, the formats) and how downloaded files are named.
import { z } from 'zod';
import { ListRunsSchema } from './query';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** Every run the table's filters match, in the table's order: the table's query without its paging. */
export const RunsExportSchema = ListRunsSchema.omit({ page: true, pageSize: true });
export type RunsExport = z.infer<typeof RunsExportSchema>;

/**
 * A run's name as the start of a file name (`<base>-model.json`), the same on the server (Content-Disposition) and
 * in the page (the `download` attribute): letters and digits of any script, `.`, `_`, `+` and `-` are kept, and every
 * other run of characters (path separators, quotes, whitespace, shell metacharacters) becomes one `-`.
 */
export function downloadBaseName(runName: string, runId: string): string {
  const base = runName
    .replace(/[^\p{L}\p{N}._+-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);
  return base || `run-${runId.slice(0, 8)}`;
}

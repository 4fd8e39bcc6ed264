// GET /api/export/runs.csv?<the runs table's query>: every run the table's filters match, in its order, as CSV.
import { runsExportResponse } from '@mnist-lab/api';
import { downloadOptions } from '../../../../server/download-options';

// Read from the database on every request: never prerendered or cached by Next. Prisma and pg need Node.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(req: Request): Promise<Response> {
  return runsExportResponse(downloadOptions, new URL(req.url), 'csv');
}

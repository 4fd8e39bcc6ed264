// GET /api/runs/:id/metrics.csv: the run's metric history, one row per epoch and one column per metric.
import { metricHistoryResponse } from '@mnist-lab/api';
import { downloadOptions, type RunRouteContext } from '../../../../../server/download-options';

// Read from the database on every request: never prerendered or cached by Next. Prisma and pg need Node.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(_req: Request, { params }: RunRouteContext): Promise<Response> {
  return metricHistoryResponse(downloadOptions, (await params).id, 'csv');
}

// GET /api/runs/:id/model.zip: model.json and weights.bin in one archive, unpacking to a loadable model folder.
import { modelZipResponse } from '@mnist-lab/api';
import { downloadOptions, type RunRouteContext } from '../../../../../server/download-options';

// Read from the database on every request: never prerendered or cached by Next. Prisma and pg need Node.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(_req: Request, { params }: RunRouteContext): Promise<Response> {
  return modelZipResponse(downloadOptions, (await params).id);
}

// GET /api/runs/:id/model/weights.bin: the weights model.json's manifest names, as raw float32 bytes.
import { modelWeightsResponse } from '@mnist-lab/api';
import { downloadOptions, type RunRouteContext } from '../../../../../../server/download-options';

// Read from the database on every request: never prerendered or cached by Next. Prisma and pg need Node.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(req: Request, { params }: RunRouteContext): Promise<Response> {
  return modelWeightsResponse(downloadOptions, (await params).id, new URL(req.url));
}

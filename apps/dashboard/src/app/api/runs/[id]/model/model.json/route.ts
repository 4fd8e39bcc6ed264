// GET /api/runs/:id/model/model.json: the run's tfjs model, loadable with tf.loadLayersModel(url); ?download saves it.
import { modelJsonResponse } from '@mnist-lab/api';
import { downloadOptions, type RunRouteContext } from '../../../../../../server/download-options';

// Read from the database on every request: never prerendered or cached by Next. Prisma and pg need Node.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(req: Request, { params }: RunRouteContext): Promise<Response> {
  return modelJsonResponse(downloadOptions, (await params).id, new URL(req.url));
}

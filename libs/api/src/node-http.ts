// The API straight on a Node HTTP listener: /api/trpc and /api/v1 answered by the same Fetch handlers Next's route
// handlers call, without Next's router in between. Measured here (GET /api/trpc/health, one client, in sequence): p50
// 8.0 ms through Next's request handler, 3.4 ms here; a tracking write is one such request per epoch, and 8 trainers
// writing at once queue on the server's one thread. Pages and downloads stay with Next. The probes (/healthz, /readyz)
// are answered here too, by the listener itself: a load balancer asks them while Next is still loading.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { sqlPool, type Db } from '@mnist-lab/db';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import { API_ENDPOINT, handleApiRequest, type ApiHandlerOptions } from './http';
import { handleSessionRequest, SESSION_PATH } from './auth/session-route';
import { handleRestRequest } from './openapi/rest-handler';
import { REST_BASE_PATH } from './openapi/rest-routes';

const gzipAsync = promisify(gzip);
/** Next compresses answers of 1 KiB and more (its `compression` middleware's threshold); so does this. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * Why a request's path cannot be routed (a malformed %-escape, such as `/runs/%zz`), or undefined. Next.js answers
 * such a path with a bare 500 and logs nothing; the listener answers 400 first (see startServer).
 */
export function pathProblem(url: string | undefined): string | undefined {
  const path = (url ?? '/').split('?', 1)[0];
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    return `malformed %-escape in the path ${JSON.stringify(path.slice(0, 200))}`;
  }
}

/**
 * The one-line 400 for a path pathProblem refuses, in plain text as the download routes answer. Only for what goes
 * to Next: /api/trpc and /api/v1 answer malformed paths themselves, in their own error shapes.
 */
export function writePathProblem(res: ServerResponse, problem: string): void {
  res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(`${problem}\n`);
}

/** Which of the API's handlers answers this request path, if any. */
export function apiHandlerFor(url: string | undefined): ((req: Request, opts: ApiHandlerOptions) => Promise<Response>) | undefined {
  const path = (url ?? '').split('?', 1)[0];
  if (path.startsWith(`${API_ENDPOINT}/`)) return handleApiRequest;
  if (path === SESSION_PATH) return handleSessionRequest;
  if (path === REST_BASE_PATH || path.startsWith(`${REST_BASE_PATH}/`)) return handleRestRequest;
  return undefined;
}

/** Answers one request with `handler`; the body cap is the handler's (startApiRequest), so none is set here. */
export async function serveNodeApiRequest(
  handler: (req: Request, opts: ApiHandlerOptions) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  opts: ApiHandlerOptions,
): Promise<void> {
  const response = await handler(incomingMessageToRequest(req, res, { maxBodySize: null }), opts);
  let body = Buffer.from(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  if (body.byteLength >= COMPRESS_FROM_BYTES && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && !headers.has('content-encoding')) {
    body = await gzipAsync(body);
    headers.set('content-encoding', 'gzip');
    headers.append('vary', 'Accept-Encoding');
  }
  headers.set('content-length', String(body.byteLength));
  res.writeHead(response.status, Object.fromEntries(headers));
  res.end(body);
}

/** The listener's own probes, answered before anything else: /healthz while the process serves, /readyz when the store does. */
export type Probe = 'healthz' | 'readyz';

/** How long /readyz waits for the store's `SELECT 1`: a store that hangs is as unready as one that refuses. */
const READY_TIMEOUT_MS = 2_000;

export function probeFor(url: string | undefined): Probe | undefined {
  const path = (url ?? '').split('?', 1)[0];
  return path === '/healthz' ? 'healthz' : path === '/readyz' ? 'readyz' : undefined;
}

/** Why the store cannot serve requests now (undefined: it answered `SELECT 1`); no store yet: the server is starting. */
async function unready(db: Db | undefined): Promise<string | undefined> {
  if (!db) return 'starting: the store is not open yet';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the store did not answer SELECT 1 within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
  });
  // On node-postgres' pool under the client: Prisma wraps a refused connection in a multi-line "Invalid invocation".
  const answer = sqlPool(db)
    .query('SELECT 1')
    .then(
      () => undefined,
      (error: unknown) => `the store did not answer SELECT 1: ${error instanceof Error ? error.message : String(error)}`,
    );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Answers a probe in one plain-text line: 200 `ok` or `ready`, or 503 with the reason. */
export async function serveProbe(probe: Probe, res: ServerResponse, db: Db | undefined): Promise<void> {
  const reason = probe === 'readyz' ? await unready(db) : undefined;
  const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  if (reason) res.writeHead(503, headers).end(`${reason}\n`);
  else res.writeHead(200, headers).end(probe === 'healthz' ? 'ok\n' : 'ready\n');
}

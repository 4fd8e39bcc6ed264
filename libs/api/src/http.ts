// Serves the router over HTTP (Fetch API, as Next.js route handlers get it), with a cap on the request body.
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { API_MAX_BATCH_SIZE } from '@mnist-lab/contracts';
import { createRequestContext, type ApiRuntime } from './context';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { appRouter } from './root';

export const API_ENDPOINT = '/api/trpc';
/** The largest request body accepted; a finished run with every misclassified digit and a model fits well under it. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/**
 * The largest answer sent. Each procedure bounds its own output (pages, points per series), but a batch multiplies
 * it: one 15 KB GET of 300 runs.list calls answered 48.7 MB before batches were bounded (API_MAX_BATCH_SIZE).
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface ApiHandlerOptions {
  /** The process's runtime, or how to get it (under `next dev` the first request opens the store). */
  runtime: ApiRuntime | (() => Promise<ApiRuntime>);
  maxBodyBytes?: number;
  maxResponseBytes?: number;
  /** Called with failures that answer 500: those are bugs, and the server log is where they get noticed. */
  onInternalError?: (error: unknown, path: string | undefined, requestId: string) => void;
}

/** An error answer in tRPC's own envelope, so @trpc/client reports its message and `data.httpStatus`. */
function errorResponse(code: TRPC_ERROR_CODE_KEY, httpStatus: number, message: string, requestId: string): Response {
  const body = { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus } } };
  return Response.json(body, { status: httpStatus, headers: { [REQUEST_ID_HEADER]: requestId } });
}

/**
 * Reads the body up to `max` bytes; null when it is larger. An oversized body is still read (and dropped) up to
 * four times the cap before giving up, because a client still sending when the answer comes back sees a reset
 * connection instead of the 413.
 */
async function readCapped(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max * 4) {
      await reader.cancel();
      break;
    }
    if (size <= max) chunks.push(value);
  }
  if (size > max) return null;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** What a request needs before a procedure runs (its capped body and the process runtime), or why it cannot run. */
export type ApiRequestStart =
  | { ok: true; body: Uint8Array<ArrayBuffer> | null; runtime: ApiRuntime }
  | { ok: false; code: TRPC_ERROR_CODE_KEY; httpStatus: number; message: string };

/** The body cap and the runtime, shared by /api/trpc and the REST routes (openapi/rest-handler.ts) so both refuse alike. */
export async function startApiRequest(req: Request, opts: ApiHandlerOptions): Promise<ApiRequestStart> {
  const max = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const tooLarge = { ok: false, code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, message: `request body larger than ${max} bytes` } as const;
  let body: Uint8Array<ArrayBuffer> | null = null;
  if (req.body) {
    if (Number(req.headers.get('content-length') ?? 0) > max * 4) return tooLarge;
    body = await readCapped(req.body, max);
    if (body === null) return tooLarge;
  }
  try {
    return { ok: true, body, runtime: typeof opts.runtime === 'function' ? await opts.runtime() : opts.runtime };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'SERVICE_UNAVAILABLE', httpStatus: 503, message: `store unavailable: ${reason}; retry the request` };
  }
}

export async function handleApiRequest(req: Request, opts: ApiHandlerOptions): Promise<Response> {
  const requestId = requestIdOf(req.headers.get(REQUEST_ID_HEADER));
  const start = await startApiRequest(req, opts);
  if (!start.ok) return errorResponse(start.code, start.httpStatus, start.message, requestId);
  const { body, runtime } = start;
  const response = await fetchRequestHandler({
    endpoint: API_ENDPOINT,
    req: new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal }),
    router: appRouter,
    maxBatchSize: API_MAX_BATCH_SIZE,
    createContext: () => createRequestContext(runtime, req.headers, requestId),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') opts.onInternalError?.(error.cause ?? error, path, requestId);
    },
  });
  // Buffered anyway by whoever sends it (serveNodeApiRequest, Next); measured here so an oversized answer is refused.
  const answer = await response.arrayBuffer();
  const maxResponse = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  if (answer.byteLength > maxResponse) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    const message = `the answer would be ${mb(answer.byteLength)}, over the ${mb(maxResponse)} bound: ask for less per request (fewer calls in a batch, a smaller page)`;
    return errorResponse('PAYLOAD_TOO_LARGE', 413, message, requestId);
  }
  const headers = new Headers(response.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  return new Response(answer, { status: response.status, statusText: response.statusText, headers });
}

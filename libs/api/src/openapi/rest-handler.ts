// /api/v1/*: each REST operation calls its procedure with the same context, token check and error mapping as /api/trpc.
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { createCaller } from '../caller';
import { createRequestContext } from '../context';
import { startApiRequest, type ApiHandlerOptions } from '../http';
import { internalErrorMessage, REQUEST_ID_HEADER, requestIdOf } from '../request-id';
import { queryInput } from './query-input';
import { matchRoute, OPENAPI_DOCUMENT_PATH, REST_BASE_PATH, type RestRoute } from './rest-routes';

/** The document's error shape: `{ message, code }`, the message one line. */
function errorResponse(httpStatus: number, code: TRPC_ERROR_CODE_KEY, message: string, headers?: Record<string, string>): Response {
  return Response.json({ message: message.split('\n')[0], code }, { status: httpStatus, headers });
}

type Input = { ok: true; value: Record<string, unknown> | undefined } | { ok: false; message: string };

/** The procedure's input: the JSON body (or, for a GET, the query string) with the path's parameters over it. */
function requestInput(route: RestRoute, params: Record<string, string>, url: URL, body: Uint8Array | null): Input {
  if (!route.input) return { ok: true, value: undefined };
  // A path parameter reads as the query's do (GET /runs/{runId}/validation/{epoch}: the epoch is a number).
  if (route.method === 'GET') return { ok: true, value: { ...queryInput(route.input, url.searchParams), ...queryInput(route.input, new URLSearchParams(params)) } };
  const text = body ? new TextDecoder().decode(body) : '';
  let parsed: unknown = {};
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, message: `malformed JSON in the request body: ${(error as SyntaxError).message}` };
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'the request body must be a JSON object' };
  const fields = parsed as Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) {
    if (fields[key] !== undefined && fields[key] !== value) return { ok: false, message: `${key}: the body says ${JSON.stringify(fields[key])}, the path ${JSON.stringify(value)}` };
  }
  return { ok: true, value: { ...fields, ...params } };
}

export async function handleRestRequest(req: Request, opts: ApiHandlerOptions): Promise<Response> {
  const url = new URL(req.url);
  const path = url.pathname.startsWith(REST_BASE_PATH) ? url.pathname.slice(REST_BASE_PATH.length) : url.pathname;
  const match = matchRoute(req.method, path);
  if (match.kind === 'none') {
    return errorResponse(404, 'NOT_FOUND', `no operation at ${req.method} ${url.pathname}; ${OPENAPI_DOCUMENT_PATH} lists them`);
  }
  if (match.kind === 'wrong-method') {
    const allowed = match.allowed.join(', ');
    return errorResponse(405, 'METHOD_NOT_SUPPORTED', `${url.pathname} answers ${allowed}, not ${req.method}`, { allow: allowed });
  }
  const start = await startApiRequest(req, opts);
  if (!start.ok) return errorResponse(start.httpStatus, start.code, start.message);
  const input = requestInput(match.route, match.params, url, start.body);
  if (!input.ok) return errorResponse(400, 'BAD_REQUEST', input.message);

  const requestId = requestIdOf(req.headers.get(REQUEST_ID_HEADER));
  const caller = createCaller(await createRequestContext(start.runtime, req.headers, requestId));
  // The caller is a proxy over the router's paths, and routes name only procedures read from that same router.
  const call = match.route.procedure.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    return Response.json(await call(input.value));
  } catch (cause) {
    const error = cause instanceof TRPCError ? cause : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      opts.onInternalError?.(error.cause ?? error, match.route.procedure, requestId);
      return errorResponse(500, error.code, internalErrorMessage(requestId), { [REQUEST_ID_HEADER]: requestId });
    }
    return errorResponse(getHTTPStatusCodeFromError(error), error.code, error.message);
  }
}

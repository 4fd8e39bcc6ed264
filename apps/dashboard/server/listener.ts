// The server's HTTP listener: every request logged; the probes answered first; then the API, or Next for pages.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import {
  apiHandlerFor,
  pathProblem,
  privateGate,
  probeFor,
  REQUEST_ID_HEADER,
  requestIdOf,
  serveNodeApiRequest,
  serveProbe,
  writePathProblem,
  type ApiHandlerOptions,
} from '@mnist-lab/api';
import type { Db } from '@mnist-lab/db';
import type { RequestLog } from './request-log';

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** What serves requests once the store is open and Next has loaded. */
export interface ListenerRoutes {
  db: Db;
  api: ApiHandlerOptions;
  next: RequestHandler;
}

export interface Listener {
  server: http.Server;
  /** Until this is called, /healthz answers 200, /readyz 503 and everything else 503 "starting". */
  serve(routes: ListenerRoutes): void;
}

function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}

/** Pages and downloads go to Next, past private mode's door (libs/api private-gate.ts) first. */
async function servePage(routes: ListenerRoutes, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const runtime = typeof routes.api.runtime === 'function' ? await routes.api.runtime() : routes.api.runtime;
  const refused = await privateGate(runtime, req.method, req.url, headersOf(req));
  if (refused) return void res.writeHead(refused.status, refused.headers).end(refused.body);
  return routes.next(req, res);
}

function route(routes: ListenerRoutes): RequestHandler {
  return (req, res) => {
    const api = apiHandlerFor(req.url);
    if (!api) {
      // Next answers a malformed %-escape (`/runs/%zz`) with a bare 500; it is the client's mistake, said in one line.
      const problem = pathProblem(req.url);
      if (problem) {
        writePathProblem(res, problem);
        return Promise.resolve();
      }
      return servePage(routes, req, res);
    }
    // The API on the listener itself (libs/api node-http.ts says why); Next serves the same routes under `next dev`.
    return serveNodeApiRequest(api, req, res, routes.api).catch((error: unknown) => {
      // The handlers answer every failure of their own; this is the connection failing under the answer.
      if (res.headersSent) return void res.destroy();
      const id = String(req.headers[REQUEST_ID_HEADER]);
      console.error(`mnist-lab: could not answer ${req.method} ${req.url} (request ${id}):`, error);
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal error (request ${id}): the server log has the details\n`);
    });
  };
}

/**
 * Node answers a request line plus headers over its 16 KB bound (`--max-http-header-size`) with a bare 431 and no
 * body; this says what was too large, in one line, as every other refusal does.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const [status, text] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', `the request's URL and headers are larger than ${http.maxHeaderSize / 1024} KB: send long inputs in a POST body\n`]
      : ['400 Bad Request', 'malformed HTTP request\n'];
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
}

export function createListener(log: RequestLog): Listener {
  let routes: ListenerRoutes | undefined;
  let handle: RequestHandler | undefined;
  const server = http.createServer((req, res) => {
    // The id is set here, at the edge: the request log, the API's error answers and its log lines all name it.
    const id = requestIdOf(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    log(req, res);
    const probe = probeFor(req.url);
    if (probe) return void serveProbe(probe, res, routes?.db).catch(() => res.destroy());
    if (handle) return void handle(req, res);
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('mnist-lab is starting\n');
  });
  server.on('clientError', answerClientError);
  return {
    server,
    serve(next) {
      routes = next;
      handle = route(next);
    },
  };
}

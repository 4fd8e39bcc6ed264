// The server's HTTP listener: every request logged; the probes answered first; then the API, or Next for pages.
import http from 'node:http';
import { apiHandlerFor, pathProblem, probeFor, serveNodeApiRequest, serveProbe, writePathProblem, type ApiHandlerOptions } from '@mnist-lab/api';
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
      return routes.next(req, res);
    }
    // The API on the listener itself (libs/api node-http.ts says why); Next serves the same routes under `next dev`.
    return serveNodeApiRequest(api, req, res, routes.api).catch((error: unknown) => {
      // The handlers answer every failure of their own; this is the connection failing under the answer.
      if (res.headersSent) return void res.destroy();
      console.error(`mnist-lab: could not answer ${req.method} ${req.url}:`, error);
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error\n');
    });
  };
}

export function createListener(log: RequestLog): Listener {
  let routes: ListenerRoutes | undefined;
  let handle: RequestHandler | undefined;
  const server = http.createServer((req, res) => {
    log(req, res);
    const probe = probeFor(req.url);
    if (probe) return void serveProbe(probe, res, routes?.db).catch(() => res.destroy());
    if (handle) return void handle(req, res);
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('mnist-lab is starting\n');
  });
  return {
    server,
    serve(next) {
      routes = next;
      handle = route(next);
    },
  };
}

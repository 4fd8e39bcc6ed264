// A tracking server that answers the tRPC procedures a spec scripts, over real HTTP, as httpLink speaks it (no
// transformer): what the CLI prints can then be checked without PostgreSQL. Unscripted procedures answer 404.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (input: unknown) => unknown;

export interface ScriptedServer {
  url: string;
  /** Every call so far, in order: `sweeps.create`, ... */
  calls: string[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

export async function startScriptedServer(procedures: Record<string, Handler>): Promise<ScriptedServer> {
  const calls: string[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const name = url.pathname.replace(/^\/api\/trpc\//, '');
    calls.push(name);
    // Queries carry their input in ?input=, mutations in the body.
    const raw = req.method === 'GET' ? url.searchParams.get('input') : await body(req);
    const handler = procedures[name];
    res.setHeader('content-type', 'application/json');
    if (!handler) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { message: `no procedure ${name}`, code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404, path: name } } }));
      return;
    }
    res.end(JSON.stringify({ result: { data: handler(raw ? JSON.parse(raw) : undefined) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

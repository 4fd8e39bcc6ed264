// The CLI's reads go through the tracking client's worker thread: a sweep agent's calls must not slow the training thread.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverClient } from './server-client';

describe('serverClient', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('answers a query through the worker thread, never calling fetch on this one', async () => {
    const mainThreadFetch = vi.fn(() => Promise.reject(new Error('fetch called on the training thread')));
    vi.stubGlobal('fetch', mainThreadFetch);
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: { data: { status: 'ok', version: 'test' } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = serverClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'secret-token-0123456789');
      expect(await client.health.query()).toEqual({ status: 'ok', version: 'test' });
      expect(seen).toEqual(['GET /api/trpc/health Bearer secret-token-0123456789']);
      expect(mainThreadFetch).not.toHaveBeenCalled();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

// PostgreSQL's LISTEN/NOTIFY on one long-lived connection: what one server process commits, every process hears.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { connectClient } from './connection';

export interface Listener {
  /** Whether the connection is up and listening (notifications sent while it is down are not heard). */
  readonly listening: boolean;
  stop(): Promise<void>;
}

export interface ListenOptions {
  /** Called with each notification's payload on the channel. */
  onNotify(payload: string): void;
  /** Called each time the connection is (re)established, so a caller can catch up on what it may have missed. */
  onListening?(): void;
  /** One line when the connection is lost, and one when it is back. */
  log?(line: string): void;
  /** Wait between reconnection attempts. */
  retryMs?: number;
}

/**
 * Listens on `channel` until stopped, reconnecting after the database restarts or the connection drops. Resolves
 * once the first LISTEN is in place; rejects when the database cannot be reached at all at start.
 */
export async function listen(url: string, channel: string, opts: ListenOptions): Promise<Listener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`listen: channel ${JSON.stringify(channel)} must be a lower-case SQL identifier`);
  let client: pg.Client | undefined;
  let stopped = false;
  let lost = false;
  let loop: Promise<void> | undefined;
  const log = opts.log ?? (() => undefined);

  const open = async (): Promise<void> => {
    const c = await connectClient(url);
    try {
      c.on('notification', (n) => {
        if (n.channel === channel) opts.onNotify(n.payload ?? '');
      });
      await c.query(`LISTEN ${channel}`);
    } catch (error) {
      await c.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    c.on('error', () => reconnect(c));
    c.on('end', () => reconnect(c));
    opts.onListening?.();
  };

  const reconnect = (from: pg.Client) => {
    if (stopped || client !== from) return;
    client = undefined;
    from.end().catch(() => undefined);
    if (!lost) log(`notifications: connection lost; reconnecting every ${opts.retryMs ?? 1_000} ms`);
    lost = true;
    loop ??= (async () => {
      while (!stopped && !client) {
        await sleep(opts.retryMs ?? 1_000, undefined, { ref: false });
        if (stopped) return;
        try {
          await open();
          if (!stopped) log('notifications: listening again');
          lost = false;
        } catch {
          // Still down: try again after the wait.
        }
      }
    })().finally(() => (loop = undefined));
  };

  await open();
  return {
    get listening() {
      return client !== undefined;
    },
    async stop() {
      stopped = true;
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
      await loop;
    },
  };
}

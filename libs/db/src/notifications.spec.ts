// LISTEN/NOTIFY: a notification committed on one connection reaches a listener on another, only once committed, and
// the listener comes back by itself after its connection is killed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from './connection';
import { listen } from './notifications';
import { createEmptyDatabase, type TestDatabase } from './test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createEmptyDatabase();
}, 30_000);
afterAll(() => database?.drop());

/** Resolves with the `index`th payload heard (it may have arrived already), or rejects after `ms`. */
function payloadAt(heard: string[], index: number, ms = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const check = () => {
      if (heard.length > index) resolve(heard[index]);
      else if (Date.now() > deadline) reject(new Error(`nothing heard in ${ms} ms`));
      else setTimeout(check, 10);
    };
    check();
  });
}

describe('listen', { timeout: 30_000 }, () => {
  it('hears what another connection commits, and nothing of a rolled-back transaction', async () => {
    const heard: string[] = [];
    const listener = await listen(database.url, 'test_channel', { onNotify: (p) => heard.push(p) });
    const sender = await connectClient(database.url);
    try {
      await sender.query('BEGIN');
      await sender.query(`SELECT pg_notify('test_channel', 'rolled back')`);
      await sender.query('ROLLBACK');
      await sender.query('BEGIN');
      await sender.query(`SELECT pg_notify('test_channel', 'pending')`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual([]);
      await sender.query('COMMIT');
      expect(await payloadAt(heard, 0)).toBe('pending');
      await sender.query(`SELECT pg_notify('other_channel', 'elsewhere')`);
      await sender.query(`SELECT pg_notify('test_channel', 'second')`);
      expect(await payloadAt(heard, 1)).toBe('second');
      expect(heard).toEqual(['pending', 'second']);
    } finally {
      await sender.end();
      await listener.stop();
    }
  });

  it('reconnects after its connection is killed, says so once each way, and calls onListening again', async () => {
    const heard: string[] = [];
    const lines: string[] = [];
    let listening = 0;
    const listener = await listen(database.url, 'test_channel', {
      onNotify: (p) => heard.push(p),
      onListening: () => listening++,
      log: (line) => lines.push(line),
      retryMs: 100,
    });
    const admin = await connectClient(database.url);
    try {
      expect(listening).toBe(1);
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN test_channel'`,
      );
      expect(rowCount).toBe(1);
      const deadline = Date.now() + 10_000;
      while (listening < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(listening).toBe(2);
      expect(listener.listening).toBe(true);
      expect(lines).toEqual(['notifications: connection lost; reconnecting every 100 ms', 'notifications: listening again']);
      await admin.query(`SELECT pg_notify('test_channel', 'after')`);
      expect(await payloadAt(heard, 0)).toBe('after');
    } finally {
      await admin.end();
      await listener.stop();
    }
    expect(listener.listening).toBe(false);
  });

  it('refuses a channel that is not a plain identifier', async () => {
    await expect(listen(database.url, 'x; DROP TABLE y', { onNotify: () => undefined })).rejects.toThrow(/lower-case SQL identifier/);
  });
});

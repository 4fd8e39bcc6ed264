// The write token: the environment wins; otherwise one is created once, private to the user, and reused.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadToken } from './token';

const home = () => path.join(mkdtempSync(path.join(tmpdir(), 'mnist-lab-token-')), 'home');

describe('loadToken', () => {
  it('uses MNIST_LAB_TOKEN when it is set', async () => {
    expect(await loadToken({ envToken: 'from-the-environment', home: home() })).toEqual({ value: 'from-the-environment', source: 'MNIST_LAB_TOKEN' });
  });

  it('creates 32 random bytes in hex, readable by the owner only, and returns the same token next time', async () => {
    const dir = home();
    const first = await loadToken({ home: dir });
    expect(first.value).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o600);
    expect((await loadToken({ home: dir })).value).toBe(first.value);
    expect((await loadToken({ home: home() })).value).not.toBe(first.value);
  });

  it('refuses a token file too short to be a token', async () => {
    const dir = home();
    await loadToken({ home: dir });
    writeFileSync(path.join(dir, 'token'), 'abc\n');
    await expect(loadToken({ home: dir })).rejects.toThrow(/delete it/);
  });
});

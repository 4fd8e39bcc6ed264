// The write token: the environment wins; otherwise one is created once, private to the user, and reused.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadToken, tokenLine } from './token';

const home = () => path.join(mkdtempSync(path.join(tmpdir(), 'mnist-lab-token-')), 'home');

describe('loadToken', () => {
  it('uses MNIST_LAB_TOKEN when it is set', async () => {
    expect(await loadToken({ envToken: 'from-the-environment', home: home() })).toEqual({ value: 'from-the-environment', source: 'MNIST_LAB_TOKEN', created: false });
  });

  it('creates 32 random bytes in hex, readable by the owner only, and returns the same token next time', async () => {
    const dir = home();
    const first = await loadToken({ home: dir });
    expect(first.value).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o600);
    expect((await loadToken({ home: dir })).value).toBe(first.value);
    expect((await loadToken({ home: home() })).value).not.toBe(first.value);
  });

  it('shows the token in full only on the start that created it; otherwise its first four characters', async () => {
    const dir = home();
    const created = await loadToken({ home: dir });
    expect(tokenLine(created)).toBe(`token: ${created.value} (created ${path.join(dir, 'token')})`);
    const again = tokenLine(await loadToken({ home: dir }));
    expect(again).toBe(`token: ${created.value.slice(0, 4)}•••••••• (64 characters) (${path.join(dir, 'token')})`);
    expect(again).not.toContain(created.value.slice(4, 12));
    const fromEnv = tokenLine(await loadToken({ envToken: 'from-the-environment', home: dir }));
    expect(fromEnv).toBe('token: from•••••••• (20 characters) (MNIST_LAB_TOKEN)');
  });

  it('refuses a token file too short to be a token', async () => {
    const dir = home();
    await loadToken({ home: dir });
    writeFileSync(path.join(dir, 'token'), 'abc\n');
    await expect(loadToken({ home: dir })).rejects.toThrow(/delete it/);
  });
});

// Who may do what, as people try it: signing in on the page, named tokens from the CLI, and a private server's door.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

const bin = fileURLToPath(new URL('../../trainer/bin/mnist-lab.js', import.meta.url));

function cli(stack: Stack, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production', ...stack.cliEnv(), ...env } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

let open: Stack;
let closed: Stack;

beforeAll(async () => {
  open = await startStack({ name: 'sessions', browser: true, db: true });
  closed = await startStack({ name: 'private', browser: true, env: { MNIST_LAB_PRIVATE: '1' } });
}, 600_000);

afterAll(async () => {
  await open?.stop();
  await closed?.stop();
});

describe('named tokens from the CLI', { timeout: 300_000 }, () => {
  it('creates one (shown once), trains with it (the run records it), lists it, and revokes it', async () => {
    const created = await cli(open, ['token', 'create', '--name', 'ci', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { token } = JSON.parse(created.stdout) as { token: string };
    expect(token).toMatch(/^mlt_/);
    const again = await cli(open, ['token', 'create', '--name', 'ci']);
    expect([again.code, again.stderr.trim()]).toEqual([2, 'mnist-lab: a token named ci exists already: revoke it, or choose another name']);

    const trained = await cli(open, ['train', '--name', 'by-ci', '--epochs', '1', '--train-limit', '1000', '--quiet'], { MNIST_LAB_TOKEN: token });
    expect(trained.code, trained.stderr).toBe(0);
    expect(await open.db.run.findFirstOrThrow({ where: { name: 'by-ci' }, select: { tokenName: true } })).toEqual({ tokenName: 'ci' });

    const listed = await cli(open, ['token', 'list']);
    expect(listed.stdout).toMatch(/^name\s+created\s+last used\s+revoked\nci\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-\n$/);
    const notAdmin = await cli(open, ['token', 'list'], { MNIST_LAB_TOKEN: token });
    expect(notAdmin.stderr.trim()).toBe("mnist-lab: only the server's own token manages tokens (the one it printed at start, or MNIST_LAB_TOKEN)");

    expect((await cli(open, ['token', 'revoke', 'ci'])).stdout).toMatch(/^token ci revoked at /);
    const refused = await fetch(`${open.url}/api/trpc/runs.heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ runId: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(refused.status).toBe(401);
  });
});

describe('signing in on the page', { timeout: 300_000 }, () => {
  it('turns the token into an HttpOnly session the page cannot read, shows who is signed in, and signs out', async () => {
    const { page, url } = open;
    await page.goto(`${url}/`);
    await page.getByTestId('sign-in-link').click();
    await page.waitForURL(/\/sign-in\?next=%2F$/);
    await page.getByLabel('Token').fill('not-the-server-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByTestId("sign-in-error").textContent()).toMatch(/^wrong token/);
    await page.getByLabel('Token').fill(open.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${url}/`);
    await poll(() => page.getByTestId('signed-in').textContent()).toMatch(/^Signed in/);
    expect(await page.evaluate(() => document.cookie)).not.toContain('mnist_lab_session');
    const cookies = await page.context().cookies(url);
    expect(cookies.find((c) => c.name === 'mnist_lab_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await screenshot(page, 'signed-in');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await poll(() => page.getByTestId('sign-in-link').isVisible()).toBe(true);
    expect((await page.context().cookies(url)).find((c) => c.name === 'mnist_lab_session')).toBeUndefined();
  });
});

describe('a private server', { timeout: 300_000 }, () => {
  it('shows strangers the sign-in page only, refuses the API and downloads, and opens everything once signed in', async () => {
    await closed.train('private-run', ['--epochs', '1', '--train-limit', '1000']);
    const anonymous = await fetch(`${closed.url}/api/v1/config-keys`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { message: string }).message).toBe('this server is private: sign in on its page, or send "Authorization: Bearer <token>"');
    const exported = await fetch(`${closed.url}/api/export/runs.csv`);
    expect([exported.status, (await exported.text()).trim()]).toEqual([401, 'this server is private: sign in on its page, or send "Authorization: Bearer <token>"']);
    expect((await fetch(`${closed.url}/healthz`)).status).toBe(200);

    const { page, url } = closed;
    await page.goto(`${url}/`);
    await page.waitForURL(/\/sign-in\?next=%2F$/);
    expect(await page.textContent('body')).not.toContain('private-run');
    await screenshot(page, 'private-sign-in');
    await page.getByLabel('Token').fill(closed.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${url}/`);
    await poll(() => page.getByText('private-run').first().isVisible()).toBe(true);
  });
});

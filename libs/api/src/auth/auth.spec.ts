// Who may do what, over HTTP: sessions from the page, named tokens, and private mode's door.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRuntime } from '../context';
import { handleApiRequest } from '../http';
import { newRun, openTestApi, TEST_TOKEN, type TestApi } from '../test-support';
import { NamedTokens } from './named-tokens';
import { privateGate } from './private-gate';
import { readSession, sessionValue } from './session-cookie';
import { handleSessionRequest } from './session-route';

let api: TestApi;
let runtime: ApiRuntime;
beforeAll(async () => {
  api = await openTestApi();
  runtime = { ...api.runtime, tokens: new NamedTokens(api.db) };
});
afterAll(async () => {
  await api?.close();
});

const SAME_SITE = { 'sec-fetch-site': 'same-origin' };

async function signIn(token: string, rt = runtime): Promise<{ status: number; cookie: string | undefined; body: { message?: string } }> {
  const res = await handleSessionRequest(
    new Request('http://127.0.0.1:3000/api/session', { method: 'POST', headers: { 'content-type': 'application/json', ...SAME_SITE }, body: JSON.stringify({ token }) }),
    { runtime: rt },
  );
  const setCookie = res.headers.get('set-cookie') ?? undefined;
  return { status: res.status, cookie: setCookie?.split(';', 1)[0], body: (await res.json()) as { message?: string } };
}

function call(path: string, input: unknown, headers: Record<string, string>, rt = runtime): Promise<Response> {
  const query = !/create|revoke|finish/.test(path);
  const url = `http://127.0.0.1:3000/api/trpc/${path}${query && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`;
  const init: RequestInit = query ? { headers } : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) };
  return handleApiRequest(new Request(url, init), { runtime: rt });
}

const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

describe('the session cookie', () => {
  it('carries the token name and expiry, signed by the server token: a changed byte, another token or the past refuse it', () => {
    const value = sessionValue(TEST_TOKEN, { name: 'ci', expiresAt: Date.now() + 60_000 });
    expect(readSession(TEST_TOKEN, value)).toMatchObject({ name: 'ci' });
    expect(readSession('another-server-token-0123', value)).toBeNull();
    expect(readSession(TEST_TOKEN, value.slice(0, -2) + (value.endsWith('A') ? 'BB' : 'AA'))).toBeNull();
    expect(readSession(TEST_TOKEN, value, Date.now() + 120_000)).toBeNull();
    expect(readSession(TEST_TOKEN, 'v1.9999999999..forged')).toBeNull();
  });
});

describe('/api/session', () => {
  it('signs in with the token: an HttpOnly, SameSite=Strict cookie that writes from the page, and never from another site', async () => {
    const res = await handleSessionRequest(
      new Request('http://127.0.0.1:3000/api/session', { method: 'POST', headers: SAME_SITE, body: JSON.stringify({ token: TEST_TOKEN }) }),
      { runtime },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^mnist_lab_session=v1\.[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=2592000$/);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';', 1)[0];
    const run = newRun({ name: 'from-the-page' });
    expect((await call('runs.create', run, { cookie, ...SAME_SITE })).status).toBe(200);
    const other = newRun({ name: 'from-another-site' });
    const refused = await call('runs.create', other, { cookie, 'sec-fetch-site': 'cross-site' });
    expect(refused.status).toBe(403);
    expect(await message(refused)).toBe("a signed-in write from another site is refused: write from this server's own page");
    const byOrigin = await call('runs.create', other, { cookie, origin: 'https://evil.example', host: '127.0.0.1:3000' });
    expect(byOrigin.status).toBe(403);
    expect(await api.db.run.count({ where: { id: other.id } })).toBe(0);
    expect(await (await call('session.whoami', undefined, { cookie })).json()).toEqual({ result: { data: { signedIn: true, name: null, private: false } } });
  });

  it('refuses a wrong token in one line, a sign-in from another site, and signs out', async () => {
    expect(await signIn('not-the-token-at-all-000')).toMatchObject({ status: 401, cookie: undefined, body: { message: expect.stringMatching(/^wrong token/) } });
    const crossSite = await handleSessionRequest(
      new Request('http://127.0.0.1:3000/api/session', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' }, body: JSON.stringify({ token: TEST_TOKEN }) }),
      { runtime },
    );
    expect(crossSite.status).toBe(403);
    const out = await handleSessionRequest(new Request('http://127.0.0.1:3000/api/session', { method: 'DELETE', headers: SAME_SITE }), { runtime });
    expect(out.headers.get('set-cookie')).toMatch(/^mnist_lab_session=; .*Max-Age=0/);
  });
});

describe('named tokens', () => {
  it('are created, listed and revoked with the server token; each run records its token; a revoked one stops working, sessions too', async () => {
    const admin = { authorization: `Bearer ${TEST_TOKEN}` };
    const created = await call('tokens.create', { name: 'ci-runner' }, admin);
    const { token } = ((await created.json()) as { result: { data: { token: string } } }).result.data;
    expect(token).toMatch(/^mlt_/);
    expect((await call('tokens.create', { name: 'ci-runner' }, admin)).status).toBe(409);
    expect(await message(await call('tokens.create', { name: 'bad name!' }, admin))).toMatch(/^name: token names are 1 to 64/);
    const stored = await api.db.apiToken.findUniqueOrThrow({ where: { name: 'ci-runner' } });
    expect(stored.hash).not.toContain(token);

    const run = newRun({ name: 'by-ci' });
    expect((await call('runs.create', run, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id }, select: { tokenName: true } })).toEqual({ tokenName: 'ci-runner' });
    const manage = await call('tokens.create', { name: 'sneaky' }, { authorization: `Bearer ${token}` });
    expect(manage.status).toBe(403);
    const session = await signIn(token);
    expect(session.status).toBe(200);

    await call('tokens.revoke', { name: 'ci-runner' }, admin);
    const listed = ((await (await call('tokens.list', undefined, admin)).json()) as { result: { data: { name: string; revokedAt: string | null }[] } }).result.data;
    expect(listed).toEqual([expect.objectContaining({ name: 'ci-runner', revokedAt: expect.any(String) })]);
    expect((await call('runs.create', newRun(), { authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await call('runs.create', newRun(), { cookie: session.cookie ?? '', ...SAME_SITE })).status).toBe(401);
    expect((await call('tokens.revoke', { name: 'no-such' }, admin)).status).toBe(404);
  });
});

describe('private mode', () => {
  it('answers reads only with a token or a session; health and whoami stay open', async () => {
    const closed = { ...runtime, private: true };
    const anonymous = await call('runs.list', {}, {}, closed);
    expect(anonymous.status).toBe(401);
    expect(await message(anonymous)).toBe('this server is private: sign in on its page, or send "Authorization: Bearer <token>"');
    expect((await call('runs.list', {}, { authorization: `Bearer ${TEST_TOKEN}` }, closed)).status).toBe(200);
    const { cookie } = await signIn(TEST_TOKEN, closed);
    expect((await call('runs.list', {}, { cookie: cookie ?? '' }, closed)).status).toBe(200);
    expect((await call('health', undefined, {}, closed)).status).toBe(200);
    expect(await (await call('session.whoami', undefined, {}, closed)).json()).toEqual({ result: { data: { signedIn: false, name: null, private: true } } });
  });

  it('sends a stranger to the sign-in page, refuses downloads in one line, and lets the sign-in page and a signed-in page through', async () => {
    const closed = { ...runtime, private: true };
    const html = new Headers({ accept: 'text/html' });
    expect(await privateGate(closed, 'GET', '/runs?q=x', html)).toEqual({ status: 303, headers: { location: '/sign-in?next=%2Fruns%3Fq%3Dx', 'cache-control': 'no-store' }, body: '' });
    expect(await privateGate(closed, 'GET', '/api/runs/123/model.zip', new Headers())).toMatchObject({ status: 401, body: expect.stringMatching(/^this server is private/) });
    expect(await privateGate(closed, 'GET', '/sign-in?next=%2F', html)).toBeUndefined();
    expect(await privateGate(closed, 'GET', '/_next/static/chunks/app.js', new Headers())).toBeUndefined();
    const { cookie } = await signIn(TEST_TOKEN, closed);
    expect(await privateGate(closed, 'GET', '/runs', new Headers({ accept: 'text/html', cookie: cookie ?? '' }))).toBeUndefined();
    expect(await privateGate(runtime, 'GET', '/runs', html)).toBeUndefined();
  });
});

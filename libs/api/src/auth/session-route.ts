// /api/session: sign in with a token (an HttpOnly session cookie), sign out, or ask who is signed in.
import type { ApiHandlerOptions } from '../http';
import { authenticate, crossSite, tokenWriter } from './authenticate';
import { SESSION_DAYS, sessionCookieHeader, sessionValue } from './session-cookie';

export const SESSION_PATH = '/api/session';
/** A sign-in body is a token and little else. */
const MAX_SIGN_IN_BYTES = 4_096;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
const refusal = (status: number, message: string) => json(status, { message });

/** HTTPS as the browser sees it (directly, or behind a proxy that says so): then the cookie is Secure too. */
function secure(req: Request): boolean {
  return new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
}

async function tokenIn(req: Request): Promise<string | undefined> {
  const text = await req.text();
  if (text.length > MAX_SIGN_IN_BYTES) return undefined;
  try {
    const body = JSON.parse(text) as { token?: unknown };
    return typeof body.token === 'string' ? body.token.trim() : undefined;
  } catch {
    return undefined;
  }
}

export async function handleSessionRequest(req: Request, opts: ApiHandlerOptions): Promise<Response> {
  const runtime = typeof opts.runtime === 'function' ? await opts.runtime() : opts.runtime;
  const credentials = { serverToken: runtime.token, tokens: runtime.tokens };
  if (req.method === 'GET') {
    const writer = await authenticate(credentials, req.headers);
    return json(200, { signedIn: writer !== null, name: writer?.name ?? null, private: runtime.private ?? false });
  }
  // Signing in or out from another site's page (login CSRF) is refused as a write would be.
  if (crossSite(req.headers)) return refusal(403, 'signing in or out from another site is refused: use this server\'s own page');
  if (req.method === 'DELETE') return json(200, { signedIn: false }, { 'set-cookie': sessionCookieHeader('', 0, secure(req)) });
  if (req.method !== 'POST') return refusal(405, `${SESSION_PATH} answers GET, POST and DELETE, not ${req.method}`);
  const token = await tokenIn(req);
  if (!token) return refusal(400, 'send {"token": "..."}: the token the server printed at start, or a named token');
  const writer = await tokenWriter(credentials, token);
  if (!writer) return refusal(401, 'wrong token: use the one the server printed at start (or MNIST_LAB_TOKEN), or a named token');
  const value = sessionValue(runtime.token, { name: writer.name, expiresAt: Date.now() + SESSION_DAYS * 86_400_000 });
  return json(200, { signedIn: true, name: writer.name }, { 'set-cookie': sessionCookieHeader(value, SESSION_DAYS * 86_400, secure(req)) });
}

// Who is asking: the server's token, a named token, or a browser session signed in with either; and from which site.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NamedTokens } from './named-tokens';
import { cookieValue, readSession, SESSION_COOKIE } from './session-cookie';

export interface Writer {
  /** `server`: the server's own token (it also manages tokens); `token`: a named token; `session`: a signed-in page. */
  kind: 'server' | 'token' | 'session';
  /** The named token behind it; null for the server's own token. */
  name: string | null;
}

// Hashing both sides first gives equal-length buffers, so the comparison takes the same time whatever was sent.
export function sameToken(sent: string, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(sent), digest(token));
}

export const bearerOf = (authorization: string | null | undefined) => /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];

export interface Credentials {
  serverToken: string;
  tokens?: NamedTokens;
}

/** The writer a token stands for, or null when it is no token of this server. */
export async function tokenWriter(credentials: Credentials, token: string): Promise<Writer | null> {
  if (sameToken(token, credentials.serverToken)) return { kind: 'server', name: null };
  const name = await credentials.tokens?.nameOf(token);
  return name ? { kind: 'token', name } : null;
}

/**
 * The request's writer: a bearer token when one is sent (a wrong one is no one, whatever cookie comes with it), else
 * the session cookie. A session of a named token lasts while the token does.
 */
export async function authenticate(credentials: Credentials, headers: Headers): Promise<Writer | null> {
  const bearer = bearerOf(headers.get('authorization'));
  if (bearer !== undefined) return tokenWriter(credentials, bearer);
  const session = readSession(credentials.serverToken, cookieValue(headers.get('cookie'), SESSION_COOKIE));
  if (!session) return null;
  if (session.name !== null && !(await credentials.tokens?.isLive(session.name))) return null;
  return { kind: 'session', name: session.name };
}

/**
 * Whether a browser sent this request from another site. The cookie is SameSite=Strict, so another site's page cannot
 * send it; this refuses a cookie write anyway unless the browser says it came from this origin (Sec-Fetch-Site, or
 * Origin against Host), as OWASP's defence in depth advises.
 */
export function crossSite(headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = headers.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== headers.get('host');
  } catch {
    return true;
  }
}

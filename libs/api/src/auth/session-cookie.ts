// Browser sessions: a signed, HttpOnly, SameSite=Strict cookie, so the page can write without holding the token in script.
// Stateless: any replica with the same server token verifies it, and changing the token ends every session.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'mnist_lab_session';
export const SESSION_DAYS = 30;

export interface Session {
  /** The named token signed in with, or null for the server's own token. */
  name: string | null;
  expiresAt: number;
}

const key = (serverToken: string) => createHmac('sha256', serverToken).update('mnist-lab session v1').digest();
const sign = (serverToken: string, payload: string) => createHmac('sha256', key(serverToken)).update(payload).digest('base64url');

/** The cookie's value: version, expiry (seconds), the token's name (base64url), and their signature. */
export function sessionValue(serverToken: string, session: Session): string {
  const payload = `v1.${Math.floor(session.expiresAt / 1000)}.${Buffer.from(session.name ?? '').toString('base64url')}`;
  return `${payload}.${sign(serverToken, payload)}`;
}

/** The session a cookie value carries, if it is signed by this server's token and not expired. */
export function readSession(serverToken: string, value: string | undefined, now = Date.now()): Session | null {
  const parts = value?.split('.') ?? [];
  if (parts.length !== 4 || parts[0] !== 'v1') return null;
  const payload = parts.slice(0, 3).join('.');
  const expected = Buffer.from(sign(serverToken, payload));
  const sent = Buffer.from(parts[3]);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return null;
  const expiresAt = Number(parts[1]) * 1000;
  if (!Number.isFinite(expiresAt) || expiresAt <= now) return null;
  const name = Buffer.from(parts[2], 'base64url').toString();
  return { name: name === '' ? null : name, expiresAt };
}

/** One cookie's value out of a Cookie header. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header of a new session (or, with maxAgeSeconds 0, of signing out). `secure` on HTTPS. */
export function sessionCookieHeader(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

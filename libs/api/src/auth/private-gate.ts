// Private mode at the door: pages and downloads answer only a session or a token; the sign-in page and its assets stay open.
import type { ApiRuntime } from '../context';
import { authenticate } from './authenticate';

/** What a stranger may load from a private server: the sign-in page, the page's static assets, the icon. */
const OPEN = [/^\/sign-in(?:\/|$)/, /^\/_next\/static\//, /^\/icon\.svg$/, /^\/favicon\.ico$/];

export type GateAnswer = { status: number; headers: Record<string, string>; body: string };

/**
 * Undefined when the request may go on; else the answer: a page is sent to /sign-in (and back after), anything else
 * gets a one-line 401. /api/trpc and /api/v1 refuse in their own shapes (trpc.ts), so they never come here.
 */
export async function privateGate(runtime: ApiRuntime, method: string | undefined, url: string | undefined, headers: Headers): Promise<GateAnswer | undefined> {
  if (!runtime.private) return undefined;
  const path = (url ?? '/').split('?', 1)[0];
  if (OPEN.some((open) => open.test(path))) return undefined;
  if (await authenticate({ serverToken: runtime.token, tokens: runtime.tokens }, headers)) return undefined;
  const page = (method === 'GET' || method === 'HEAD') && !path.startsWith('/api/') && (headers.get('accept') ?? '').includes('text/html');
  if (page) {
    return { status: 303, headers: { location: `/sign-in?next=${encodeURIComponent(url ?? '/')}`, 'cache-control': 'no-store' }, body: '' };
  }
  return {
    status: 401,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: 'this server is private: sign in on its page, or send "Authorization: Bearer <token>"\n',
  };
}

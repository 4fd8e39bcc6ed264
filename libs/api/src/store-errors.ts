// Turns the store's failures into API errors: constraint violations are the caller's (4xx), an unreachable store is retryable (503).
import { TRPCError } from '@trpc/server';

// Prisma 7 with a driver adapter reports the driver's classification in meta.driverAdapterError.cause.kind
// (see convertDriverError in @prisma/adapter-pg); SQLSTATEs the adapter does not classify come as kind 'postgres'.
interface StoreErrorShape {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } };
}

const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** SQLSTATE classes that mean "the server is going away or not accepting work", not "your request is wrong". */
function unavailableSqlState(state: string | undefined): boolean {
  if (!state) return false;
  return state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300';
}

// pg throws plain Errors (no code) when a pooled connection dies mid-query; the adapter rethrows them unchanged.
const CONNECTION_LOST =
  /Connection terminated|connection (?:is )?closed|terminating connection|not queryable|ECONNREFUSED|ECONNRESET|Can't reach database server/i;

const BUSY_MESSAGE = 'store busy: too many requests are waiting for PostgreSQL; nothing was written, retry the request';
const UNAVAILABLE_MESSAGE = 'store unavailable: PostgreSQL is not reachable right now; nothing was written, retry the request';

const RETRY_CONFLICT = 'store busy: a concurrent write got in the way; nothing was written, retry the request';

/**
 * The remaining SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html) a request can
 * provoke: what is the caller's is 4xx, what passes with time is a retryable 503; each says whether anything was written.
 */
const BY_SQLSTATE: [(state: string) => boolean, TRPCError['code'], string][] = [
  [(s) => s === '23502', 'BAD_REQUEST', 'a required value is missing (not-null constraint); nothing was written'],
  [(s) => s === '23514', 'BAD_REQUEST', 'a value breaks a check constraint; nothing was written'],
  [(s) => s === '23P01', 'CONFLICT', 'conflicts with a stored record (exclusion constraint); nothing was written'],
  [(s) => s.startsWith('23'), 'BAD_REQUEST', 'breaks an integrity constraint; nothing was written'],
  [(s) => s.startsWith('54'), 'BAD_REQUEST', 'the request is too large or too complex for the store (a program limit); ask for less'],
  [(s) => s === '40001' || s === '40P01', 'SERVICE_UNAVAILABLE', RETRY_CONFLICT],
  [(s) => s === '55P03' || s === '57014', 'SERVICE_UNAVAILABLE', 'store busy: a lock or a statement timed out; nothing was written, retry the request'],
  [(s) => s.startsWith('53'), 'SERVICE_UNAVAILABLE', 'store unavailable: PostgreSQL is out of a resource (disk, memory, connections); nothing was written, retry later'],
];

/** The API error for a failure from the store, or undefined when the failure is not a recognised store error. */
export function storeErrorToTRPC(error: unknown): TRPCError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as StoreErrorShape;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const cause = e.meta?.driverAdapterError?.cause;
  const message = typeof e.message === 'string' ? e.message : '';
  // node-postgres's own errors (the statements that skip Prisma, runs/log-points.ts) carry the SQLSTATE as `code`.
  const sqlState = cause?.originalCode ?? cause?.code ?? (code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined);
  if (
    (code && /^P1\d{3}$/.test(code)) ||
    (cause?.kind && UNREACHABLE_KINDS.has(cause.kind)) ||
    unavailableSqlState(sqlState) ||
    (error instanceof Error && CONNECTION_LOST.test(message))
  ) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGE, cause: error });
  }
  // P2024: no pooled connection in time; P2028: a transaction could not start in time. Load, not a bad request.
  if (code === 'P2024' || code === 'P2028') {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: BUSY_MESSAGE, cause: error });
  }
  if (code === 'P2002' || cause?.kind === 'UniqueConstraintViolation' || sqlState === '23505') {
    return new TRPCError({ code: 'CONFLICT', message: 'already exists (unique constraint)', cause: error });
  }
  if (code === 'P2003' || cause?.kind === 'ForeignKeyConstraintViolation' || sqlState === '23503') {
    return new TRPCError({ code: 'NOT_FOUND', message: 'refers to a sweep or run that does not exist', cause: error });
  }
  if (code === 'P2025') {
    return new TRPCError({ code: 'NOT_FOUND', message: 'no such record', cause: error });
  }
  if (code === 'P2000' || cause?.kind === 'ValueOutOfRange' || cause?.kind === 'LengthMismatch' || sqlState?.startsWith('22')) {
    return new TRPCError({ code: 'BAD_REQUEST', message: 'a value is out of range for its column', cause: error });
  }
  const mapped = sqlState ? BY_SQLSTATE.find(([test]) => test(sqlState)) : undefined;
  if (mapped) return new TRPCError({ code: mapped[1], message: mapped[2], cause: error });
  // P2034: Prisma's word for a write conflict or deadlock in its transactions (40001 / 40P01 underneath).
  if (code === 'P2034') return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: RETRY_CONFLICT, cause: error });
  return undefined;
}

// The one tRPC instance: error shape, the store-error mapping every procedure gets, and the write-token guard.
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Context } from './context';
import { API_MAX_BATCH_SIZE } from '@mnist-lab/contracts';
import { internalErrorMessage } from './request-id';
import { storeErrorToTRPC } from './store-errors';

interface Issue {
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message: string;
}

function issuesOf(cause: unknown): Issue[] | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) && issues.length > 0 ? (issues as Issue[]) : undefined;
}

/** One line naming the first bad field, e.g. `epoch: Too small: expected number to be >=1 (and 1 more problem)`. */
export function describeIssues(issues: Issue[]): string {
  const [first] = issues;
  const path = (first.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${path || 'input'}: ${first.message}${more}`;
}

// OpenApiMeta: a procedure's `.meta({ openapi })` names its REST method and path (see openapi/).
const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  errorFormatter({ shape: withStack, error, ctx }) {
    // No answer carries a stack (tRPC adds one outside production): internal text is for the server log.
    const { stack: _stack, ...data } = withStack.data as typeof withStack.data & { stack?: string };
    const shape = { ...withStack, data };
    // A 500 is a bug: its text (a driver's message) is for the server log, which names the request's id; the caller,
    // who may be anyone, gets that id in one line.
    if (error.code === 'INTERNAL_SERVER_ERROR') return { ...shape, message: internalErrorMessage(ctx?.requestId) };
    // tRPC's own words for a batch over maxBatchSize (http.ts), said with the bound and what to do.
    if (error.code === 'BAD_REQUEST' && error.message === 'Batch call exceeds maximum size') {
      return { ...shape, message: `a batched request may carry at most ${API_MAX_BATCH_SIZE} calls: split it (httpBatchLink's maxItems)` };
    }
    // A body that is not JSON fails before any procedure runs: tRPC passes JSON.parse's SyntaxError as the cause.
    if (error.code === 'BAD_REQUEST' && error.cause instanceof SyntaxError) {
      return { ...shape, message: `malformed JSON in the request body: ${error.cause.message}` };
    }
    const issues = error.code === 'BAD_REQUEST' ? issuesOf(error.cause) : undefined;
    return issues ? { ...shape, message: describeIssues(issues) } : shape;
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure answers input errors in one line and maps store failures to 4xx/503. In tRPC 11 a middleware's
 * `next()` resolves to a result instead of throwing (https://trpc.io/docs/server/middlewares), so this inspects
 * `result.error`; the formatter alone would not do, since createCaller callers never see formatted shapes.
 */
const shapeErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const issues = result.error.code === 'BAD_REQUEST' ? issuesOf(result.error.cause) : undefined;
    if (issues) throw new TRPCError({ code: 'BAD_REQUEST', message: describeIssues(issues), cause: result.error.cause });
    const mapped = storeErrorToTRPC(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/** Open to anyone in every mode: health, and whether the caller is signed in. */
export const openProcedure = t.procedure.use(shapeErrors);

export const PRIVATE_MESSAGE = 'this server is private: sign in on its page, or send "Authorization: Bearer <token>"';

/** Reads: open, except in private mode, where they need a token or a session as writes do. */
export const publicProcedure = openProcedure.use(({ ctx, next }) => {
  if (ctx.private && ctx.writer === null) throw new TRPCError({ code: 'UNAUTHORIZED', message: PRIVATE_MESSAGE });
  return next();
});

/** Writes a trainer makes many times a second: the runs table may show them up to a second late (runs/list-cache.ts). */
const STREAMING_WRITES = new Set(['runs.log', 'runs.logEpoch', 'runs.heartbeat', 'runs.logValidation', 'sweeps.nextTrial', 'sweeps.shouldPrune']);

/** Any other accepted write (a new run, a finish, a rename, an archive) empties the list cache, so it shows at once. */
const forgetLists = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok && !STREAMING_WRITES.has(path)) ctx.listCache?.clear();
  return result;
});

/** Mutations: the token is checked before the input is parsed, so an anonymous caller learns nothing about inputs. */
export const writeProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.writer?.kind === 'session' && ctx.crossSite) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'a signed-in write from another site is refused: write from this server\'s own page' });
  }
  if (!ctx.authorized) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'missing or wrong token: send "Authorization: Bearer <token>" with the token the server printed at start, or a named token',
    });
  }
  return next();
}).use(forgetLists);

/** Token management: the server's own token only (by header or a session signed in with it), not a named token. */
export const adminProcedure = writeProcedure.use(({ ctx, next }) => {
  if (ctx.writer?.name !== null) {
    throw new TRPCError({ code: 'FORBIDDEN', message: "only the server's own token manages tokens (the one it printed at start, or MNIST_LAB_TOKEN)" });
  }
  return next();
});

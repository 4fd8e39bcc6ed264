// The one tRPC instance: error shape, the store-error mapping every procedure gets, and the write-token guard.
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Context } from './context';
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
  errorFormatter({ shape, error }) {
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

export const publicProcedure = t.procedure.use(shapeErrors);

/** Mutations: the token is checked before the input is parsed, so an anonymous caller learns nothing about inputs. */
export const writeProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.authorized) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'missing or wrong token: send "Authorization: Bearer <token>" with the token the server printed at start',
    });
  }
  return next();
});

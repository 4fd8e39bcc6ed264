// health: answers when the server and its store are up, and says which store it is (external or embedded PostgreSQL).
import { openProcedure } from '../trpc';

export const health = openProcedure
  .meta({ openapi: { method: 'GET', path: '/health', protect: false, summary: 'Whether the server and its store are up, and which store it is' } })
  .query(async ({ ctx }) => {
    // A round trip to PostgreSQL, so a dead store shows as 503 rather than a healthy-looking server.
    await ctx.db.$queryRaw`SELECT 1`;
    return { ok: true as const, store: ctx.store };
  });

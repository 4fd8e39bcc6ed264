// tokens.*: named write tokens, managed with the server's own token (`mnist-lab token create|list|revoke`).
import { TokenNameSchema } from '@mnist-lab/contracts';
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context';
import { adminProcedure, router } from '../trpc';

function tokensOf(ctx: Context) {
  if (!ctx.tokens) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this server keeps no named tokens (it was started without them)' });
  return ctx.tokens;
}

const ByName = z.object({ name: TokenNameSchema });

export const tokensRouter = router({
  create: adminProcedure.input(ByName).mutation(({ ctx, input }) => tokensOf(ctx).create(input.name)),
  list: adminProcedure.query(({ ctx }) => tokensOf(ctx).list()),
  revoke: adminProcedure.input(ByName).mutation(({ ctx, input }) => tokensOf(ctx).revoke(input.name)),
});

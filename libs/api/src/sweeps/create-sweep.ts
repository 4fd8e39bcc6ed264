// sweeps.create: stores a validated sweep config as a running sweep; its trials are queued as agents ask (nextTrial).
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Db, Prisma } from '@mnist-lab/db';
import type { CreateSweep } from '@mnist-lab/contracts';
import { parseSweepConfig, SweepConfigError } from '@mnist-lab/sweep';

/**
 * The config as stored, parsed once more as every hand-out parses it (trials.ts sweepConfig): a sweep is validated
 * at creation exactly as it will be at hand-out, so one that could never hand out a trial is refused now, with a 400.
 */
function storable(config: CreateSweep['config']): Prisma.InputJsonObject {
  // A parsed SweepConfig is plain JSON (numbers, strings, booleans, arrays); JSON drops absent optional keys.
  const stored = JSON.parse(JSON.stringify(config)) as Prisma.InputJsonObject;
  try {
    parseSweepConfig(stored, 'config');
  } catch (e) {
    if (e instanceof SweepConfigError) throw new TRPCError({ code: 'BAD_REQUEST', message: e.message });
    throw e;
  }
  return stored;
}

export async function createSweep(db: Db, input: CreateSweep): Promise<{ id: string; name: string; maxTrials: number }> {
  const { config, seed } = input;
  const id = randomUUID();
  await db.sweep.create({
    data: {
      id,
      name: config.name,
      method: config.method,
      metric: config.metric,
      goal: config.goal,
      config: storable(config),
      status: 'running',
      maxTrials: config.maxTrials,
      seed,
    },
  });
  return { id, name: config.name, maxTrials: config.maxTrials };
}

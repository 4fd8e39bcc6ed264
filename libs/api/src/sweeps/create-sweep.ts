// sweeps.create: stores a validated sweep config as a running sweep; its trials are queued as agents ask (nextTrial).
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '@mnist-lab/db';
import type { CreateSweep } from '@mnist-lab/contracts';

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
      // A parsed SweepConfig is plain JSON (numbers, strings, booleans, arrays); JSON drops absent optional keys.
      config: JSON.parse(JSON.stringify(config)) as Prisma.InputJsonObject,
      status: 'running',
      maxTrials: config.maxTrials,
      seed,
    },
  });
  return { id, name: config.name, maxTrials: config.maxTrials };
}

// sweeps.create: stores a validated sweep config as a running sweep and opens its trial queue.
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '@mnist-lab/db';
import type { CreateSweep } from '@mnist-lab/metrics';
import type { SweepQueue } from './queue';

export async function createSweep(db: Db, queue: SweepQueue, input: CreateSweep): Promise<{ id: string; name: string; maxTrials: number }> {
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
  await queue.ensure(id);
  return { id, name: config.name, maxTrials: config.maxTrials };
}

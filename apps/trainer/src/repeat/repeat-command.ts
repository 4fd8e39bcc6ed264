// `mnist-lab repeat --sweep ID --best K --seeds S`: trains a sweep's best configurations again with new seeds, then
// says whether the gap between them is larger than seed noise.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { HyperparamsSchema, type BackendChoice, type Env } from '@mnist-lab/contracts';
import { askServer as ask, cliToken, serverClient, type ServerClient } from '../server-client';
import { runTrain } from '../train/train-command';
import { UsageError } from '../usage-error';
import { bestConfigurations, repeatSeeds } from './best-configs';

/** Tag of every run `repeat` trains, so tables and sweeps can tell repeats from trials. */
export const REPEAT_TAG = 'repeat';

export interface RepeatOptions {
  sweepId: string;
  best: number;
  seeds: number;
  server: string;
  backend: BackendChoice;
  quiet: boolean;
}

type Sweep = Awaited<ReturnType<ServerClient['sweeps']['get']['query']>>;
type Trial = Sweep['trials'][number];

interface Configuration {
  rank: number;
  trial: Trial;
  /** The original trial's run and every repeat that finished. */
  runIds: string[];
}


const paramsText = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');

/** Errors that mean this machine cannot train at all: stop instead of failing every run the same way. */
const cannotTrainHere = (e: unknown) => e instanceof UsageError || (e instanceof Error && e.name === 'MnistDataError');

export async function runRepeat(opts: RepeatOptions, env: Env, write: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const client = serverClient(opts.server, cliToken(env));
  const sweep = await ask(opts.server, () => client.sweeps.get.query({ id: opts.sweepId }));
  // Runs linked to a running sweep would join the history its next suggestions learn from.
  if (sweep.status === 'running') {
    throw new UsageError(`sweep ${sweep.name} is still running: repeat its best configurations once it has finished or been stopped`);
  }
  const chosen = bestConfigurations(sweep.trials, sweep.goal, opts.best);
  if (chosen.length === 0) throw new UsageError(`sweep ${sweep.name} has no finished, unpruned trial with a ${sweep.metric} to repeat`);
  const total = chosen.length * opts.seeds;
  write(
    `repeat: sweep ${sweep.name} (${sweep.id}), ${sweep.metric} (${sweep.goal}): the best ${chosen.length} configuration${chosen.length === 1 ? '' : 's'}` +
      `${chosen.length < opts.best ? ` (of ${opts.best} asked; no more finished trials)` : ''}, ${opts.seeds} new seed${opts.seeds === 1 ? '' : 's'} each: ${total} runs tagged "${REPEAT_TAG}"`,
  );

  const configurations: Configuration[] = [];
  let done = 0;
  for (const [i, trial] of chosen.entries()) {
    const original = await ask(opts.server, () => client.runs.get.query({ id: trial.runId }));
    const hyperparams = HyperparamsSchema.parse(original.config);
    const config: Configuration = { rank: i + 1, trial, runIds: [trial.runId] };
    configurations.push(config);
    write(`#${config.rank} ${trial.name} (${sweep.metric} ${trial.value?.toFixed(4)}, seed ${hyperparams.seed})  ${paramsText(trial.params)}`);
    for (const seed of repeatSeeds(hyperparams.seed, opts.seeds)) {
      done++;
      write(`run ${done}/${total}: ${trial.name} with seed ${seed}`);
      const name = `${trial.name}-seed${seed}`;
      try {
        // The sweep queues the repeat as one of its runs (runs join sweeps only through the sweep's API); the
        // trainer's create then starts that run.
        const runId = randomUUID();
        await ask(opts.server, () => client.sweeps.queueRepeat.mutate({ sweepId: sweep.id, runId, name, config: { ...hyperparams, seed } }));
        const outcome = await runTrain(
          {
            hyperparams: { ...hyperparams, seed },
            name,
            tags: [REPEAT_TAG],
            notes: `repeat of ${trial.name} (run ${trial.runId}) with seed ${seed}`,
            backend: opts.backend,
            out: path.join(env.home, 'sweeps', sweep.id, `repeat-${trial.trial ?? i + 1}-seed${seed}`),
            server: opts.server,
            offline: false,
            quiet: opts.quiet,
          },
          env,
          process.stdout,
          { runId, sweepId: sweep.id },
        );
        if (outcome.exitCode === 130) return 130;
        if (outcome.exitCode === 0) config.runIds.push(outcome.runId);
      } catch (e) {
        if (cannotTrainHere(e)) throw e;
        write(`repeat: ${name} failed: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  await summarize(client, opts.server, configurations, write);
  return 0;
}

/** Test accuracy across seeds for each configuration, and the best one against each other in one sentence. */
async function summarize(client: ServerClient, server: string, configurations: Configuration[], write: (line: string) => void): Promise<void> {
  write('');
  write('test accuracy across seeds (the original trial included):');
  const [best, ...others] = configurations;
  const gaps = await Promise.all(others.map((c) => ask(server, () => client.analysis.gap.query({ a: best.runIds, b: c.runIds }))));
  const groups = [best, ...others].map((c, i) => ({ c, group: i === 0 ? (gaps[0]?.a ?? null) : gaps[i - 1].b }));
  for (const { c, group } of groups) {
    const stats = group ? `${group.meanAccuracy.toFixed(2)}%${group.sd === null ? '' : ` ± ${group.sd.toFixed(2)}`}` : '';
    write(`  #${c.rank} ${c.trial.name}  ${c.runIds.length} run${c.runIds.length === 1 ? '' : 's'}  ${stats}  ${paramsText(c.trial.params)}`);
  }
  // A = the sweep's best configuration; "B is better" would mean the sweep picked the wrong winner.
  others.forEach((c, i) => write(`#1 vs #${c.rank}: ${gaps[i].sentence.replace(/\b[AB]\b/g, (side) => (side === 'A' ? '#1' : `#${c.rank}`))}`));
  const all = configurations.flatMap((c) => c.runIds);
  write(`compare: ${server.replace(/\/$/, '')}/compare?runs=${all.join(',')}`);
}

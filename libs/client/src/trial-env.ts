// A sweep agent's trial, as the agent hands it to the program it runs (`program:` in the sweep file): environment
// variables that `init()` reads so the program's run is the trial's run.
import type { RunConfig } from '@mnist-lab/contracts';

/** What `mnist-lab agent` sets for a program it runs for a trial. */
export const TRIAL_ENV = {
  runId: 'MNIST_LAB_RUN_ID',
  sweepId: 'MNIST_LAB_SWEEP_ID',
  attempt: 'MNIST_LAB_ATTEMPT',
  config: 'MNIST_LAB_CONFIG',
  configFile: 'MNIST_LAB_CONFIG_FILE',
  heartbeatMs: 'MNIST_LAB_HEARTBEAT_MS',
} as const;

export interface TrialEnv {
  runId: string;
  sweepId: string;
  attempt: number;
  config: RunConfig;
  heartbeatMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The trial this process runs for an agent, or undefined outside one; throws one line naming a malformed variable. */
export function trialFromEnv(env: NodeJS.ProcessEnv = process.env): TrialEnv | undefined {
  const runId = env[TRIAL_ENV.runId];
  if (runId === undefined || runId === '') return undefined;
  const bad = (name: string, what: string) => new Error(`init: ${name}=${JSON.stringify(env[name])}: ${what} (set by \`mnist-lab agent\` for the trial it runs)`);
  if (!UUID.test(runId)) throw bad(TRIAL_ENV.runId, 'expected a run id (a UUID)');
  const sweepId = env[TRIAL_ENV.sweepId] ?? '';
  if (!UUID.test(sweepId)) throw bad(TRIAL_ENV.sweepId, 'expected a sweep id (a UUID)');
  const attempt = Number(env[TRIAL_ENV.attempt]);
  if (!Number.isInteger(attempt) || attempt < 1) throw bad(TRIAL_ENV.attempt, 'expected a whole number from 1');
  let config: unknown;
  try {
    config = JSON.parse(env[TRIAL_ENV.config] ?? '');
  } catch {
    throw bad(TRIAL_ENV.config, 'expected the trial config as a JSON object');
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw bad(TRIAL_ENV.config, 'expected the trial config as a JSON object');
  const beat = env[TRIAL_ENV.heartbeatMs];
  const heartbeatMs = beat === undefined ? undefined : Number(beat);
  if (heartbeatMs !== undefined && !(heartbeatMs >= 100 && heartbeatMs <= 60_000)) throw bad(TRIAL_ENV.heartbeatMs, 'expected 100 to 60,000 ms');
  return { runId, sweepId, attempt, config: config as RunConfig, heartbeatMs };
}

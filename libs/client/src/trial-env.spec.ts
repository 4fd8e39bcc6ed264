// The agent's trial as init() reads it from the environment: absent outside sweeps, refused in one line when malformed.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trialFromEnv } from './trial-env';

const trial = (overrides: Record<string, string | undefined> = {}) => ({
  MNIST_LAB_RUN_ID: '0b7c2a4e-1f3d-4e5a-9b6c-7d8e9f0a1b2c',
  MNIST_LAB_SWEEP_ID: randomUUID(),
  MNIST_LAB_ATTEMPT: '2',
  MNIST_LAB_CONFIG: '{"lr":0.01,"units":[64,32]}',
  MNIST_LAB_HEARTBEAT_MS: '1500',
  ...overrides,
});

describe('trialFromEnv', () => {
  it('is undefined outside a trial, and reads the run, sweep, attempt, config and heartbeat an agent sets', () => {
    expect(trialFromEnv({})).toBeUndefined();
    const env = trial();
    expect(trialFromEnv(env)).toEqual({ runId: env.MNIST_LAB_RUN_ID, sweepId: env.MNIST_LAB_SWEEP_ID, attempt: 2, config: { lr: 0.01, units: [64, 32] }, heartbeatMs: 1500 });
    expect(trialFromEnv(trial({ MNIST_LAB_HEARTBEAT_MS: undefined }))?.heartbeatMs).toBeUndefined();
  });

  it.each([
    ['MNIST_LAB_RUN_ID', 'run-1', /MNIST_LAB_RUN_ID="run-1": expected a run id/],
    ['MNIST_LAB_SWEEP_ID', undefined, /MNIST_LAB_SWEEP_ID=undefined: expected a sweep id/],
    ['MNIST_LAB_ATTEMPT', '0', /MNIST_LAB_ATTEMPT="0": expected a whole number from 1/],
    ['MNIST_LAB_CONFIG', '[1,2]', /MNIST_LAB_CONFIG="\[1,2\]": expected the trial config as a JSON object/],
    ['MNIST_LAB_CONFIG', '{', /MNIST_LAB_CONFIG="\{": expected the trial config as a JSON object/],
    ['MNIST_LAB_HEARTBEAT_MS', '5', /MNIST_LAB_HEARTBEAT_MS="5": expected 100 to 60,000 ms/],
  ])('refuses %s=%s in one line naming the agent', (name, value, message) => {
    expect(() => trialFromEnv(trial({ [name]: value }))).toThrow(message);
    expect(() => trialFromEnv(trial({ [name]: value }))).toThrow(/set by `mnist-lab agent` for the trial it runs\)$/);
  });
});

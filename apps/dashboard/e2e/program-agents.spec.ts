// `program:` sweeps: the agent runs a script of the user's own once per trial, with the trial's config as JSON, as a
// file and as --key=value arguments; the script logs through @mnist-lab/client, attached to the trial's run, and the
// sweep's early-termination rule (ASHA here) reaches it through the client's stop flag.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack';
import { runSweep } from './support/sweep';

const SCRIPT = fileURLToPath(new URL('./fixtures/program-trial.mjs', import.meta.url));
// The client's TypeScript sources through tsx, so the spec needs no build of the package.
const PROGRAM = `node --import tsx --conditions=@mnist-lab/source ${SCRIPT}`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ name: 'program-agents', db: true });
});
afterAll(() => stack?.stop());

interface StoredTrial {
  trial: number;
  status: string;
  pruned: boolean;
  config: Record<string, unknown>;
  backend: string;
  attempt: number;
  error: string | null;
  epochs: number[];
}

const trials = (sweepId: string) => stack.db.$queryRaw<StoredTrial[]>`
  SELECT r."trialNumber" AS trial, r.status::text, r.pruned, r.config, r.backend, r.attempt, r.error,
         ARRAY(SELECT m.epoch FROM "Metric" m WHERE m."runId" = r.id AND m.name = 'val_accuracy' ORDER BY m.epoch) AS epochs
  FROM "Run" r WHERE r."sweepId" = ${sweepId}::uuid ORDER BY r."trialNumber"`;

describe('a sweep that names a program', { timeout: 300_000 }, () => {
  it('runs it per trial with the config three ways, logs each trial to its own run, and stops the worst at the ASHA rung', async () => {
    const sweepId = await runSweep(
      stack,
      `name: own-script
method: grid
program: ${PROGRAM}
earlyTermination: { type: asha, minEpochs: 1, eta: 3 }
parameters:
  quality: { values: [0.9, 0.8, 0.1] }
  label: { value: "it's mine" }
`,
    );
    const rows = await trials(sweepId);
    expect(rows.map((r) => ({ ...r, error: undefined }))).toEqual([
      { trial: 1, status: 'finished', pruned: false, config: { quality: 0.9, label: "it's mine" }, backend: 'script', attempt: 1, error: undefined, epochs: [1, 2, 3] },
      { trial: 2, status: 'finished', pruned: false, config: { quality: 0.8, label: "it's mine" }, backend: 'script', attempt: 1, error: undefined, epochs: [1, 2, 3] },
      // Third at rung 1 with two better trials there: outside the top third, stopped after its first epoch.
      { trial: 3, status: 'finished', pruned: true, config: { quality: 0.1, label: "it's mine" }, backend: 'script', attempt: 1, error: undefined, epochs: [1] },
    ]);
    const sweep = await stack.api.sweeps.get.query({ id: sweepId });
    expect(sweep).toMatchObject({ status: 'finished', bestRunId: expect.any(String) });
    expect(sweep.bestValue).toBeCloseTo(0.9 * (1 - 0.1 / 3), 10);
  });

  it('marks the trial of a program that exits without ending its run failed, naming the exit code, and goes on', async () => {
    const sweepId = await runSweep(
      stack,
      `name: failing-script
method: grid
program: ${PROGRAM}
parameters:
  fail: { values: [true] }
`,
    );
    const [row] = await trials(sweepId);
    expect(row).toMatchObject({ status: 'failed', error: 'the program exited with code 3 without ending its run', epochs: [] });
    expect(await stack.api.sweeps.get.query({ id: sweepId })).toMatchObject({ status: 'finished' });
  });
});

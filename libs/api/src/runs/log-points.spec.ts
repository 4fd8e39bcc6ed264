// A run's summary (best val_loss, best val_accuracy, best epoch) stays what its stored points say, whatever the order
// of writes: new epochs, re-logged epochs with other values, step points at epoch ends, and writers at once.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRun, openTestApi, type TestApi } from '../test-support';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(async () => {
  await api?.close();
});

/** The definition, from the stored rows: val_loss's lowest (else val_accuracy's highest) at an epoch's end, earliest on ties. */
async function expectedSummary(runId: string) {
  const rows = await api.db.metric.findMany({ where: { runId, name: { in: ['val_loss', 'val_accuracy'] } } });
  const ends = rows.flatMap((r) => (r.epoch !== null && Number.isInteger(r.epoch) ? [{ ...r, epoch: r.epoch }] : []));
  const pick = (name: string, sign: 1 | -1) =>
    ends.filter((r) => r.name === name).sort((a, b) => sign * (a.value - b.value) || a.epoch - b.epoch)[0];
  const loss = pick('val_loss', 1);
  const accuracy = pick('val_accuracy', -1);
  return { bestValLoss: loss?.value ?? null, bestValAccuracy: accuracy?.value ?? null, bestEpoch: loss?.epoch ?? accuracy?.epoch ?? null };
}

// Few distinct values and epochs, so that ties and replacements come up often.
const value = fc.constantFrom(0.1, 0.2, 0.3, 0.5);
const epoch = fc.integer({ min: 1, max: 5 });
const write = fc.oneof(
  fc.record({
    kind: fc.constant('epoch' as const),
    epoch,
    step: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    val_loss: fc.option(value, { nil: undefined }),
    val_accuracy: fc.option(value, { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('points' as const),
    points: fc.array(
      fc.record({
        name: fc.constantFrom('val_loss', 'val_accuracy', 'batch/loss'),
        step: fc.integer({ min: 1, max: 8 }),
        epoch: fc.option(fc.oneof(epoch.map((e) => e), fc.constantFrom(0.5, 2.5)), { nil: undefined }),
        value,
      }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
);

describe('a run summary under any sequence of writes', () => {
  it('equals the summary recomputed from the stored points, with writes in sequence and two at a time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(write, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 8 }), async (rounds) => {
        const run = newRun();
        await api.writer.runs.create(run);
        for (const round of rounds) {
          await Promise.all(
            round.map((w) => {
              if (w.kind === 'points') return api.writer.runs.log({ runId: run.id, points: w.points });
              const metrics: Record<string, number> = { loss: 1 };
              if (w.val_loss !== undefined) metrics.val_loss = w.val_loss;
              if (w.val_accuracy !== undefined) metrics.val_accuracy = w.val_accuracy;
              return api.writer.runs.logEpoch({ runId: run.id, epoch: w.epoch, step: w.step, metrics, at: new Date().toISOString() });
            }),
          );
        }
        const stored = await api.db.run.findUniqueOrThrow({ where: { id: run.id } });
        expect({ bestValLoss: stored.bestValLoss, bestValAccuracy: stored.bestValAccuracy, bestEpoch: stored.bestEpoch }).toEqual(await expectedSummary(run.id));
      }),
      { numRuns: 60 },
    );
  });
});

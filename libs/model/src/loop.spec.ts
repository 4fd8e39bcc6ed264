import { HyperparamsSchema, type HyperparamsInput } from '@mnist-lab/contracts';
import { describe, expect, it } from 'vitest';
import { runTrainingLoop } from './loop';
import { Rng } from './rng';
import type { BatchStats, Engine, Evaluation, TrainData } from './types';

/** An engine whose validation losses are scripted; it records every batch and what the loop does to it. */
class FakeEngine implements Engine {
  readonly backend = 'fused' as const;
  learningRate = 0;
  readonly batches: number[][] = [];
  readonly lrSeen: number[] = [];
  /** The "weights" are the number of epochs evaluated so far, so a restore is visible. */
  weight = 0;
  constructor(private readonly valLosses: number[], private readonly busyMs = 0) {}

  trainBatch(_data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats): void {
    const until = performance.now() + this.busyMs;
    while (performance.now() < until) {
      // Simulates a compute-bound step that never yields by itself.
    }
    this.batches.push(Array.from(order.subarray(start, end)));
    this.lrSeen.push(this.learningRate);
    out.lossSum = end - start;
    out.correct = 0;
  }

  evaluate(data: TrainData): Evaluation {
    const loss = this.valLosses[this.weight++];
    return { loss, accuracy: 1 - loss, predictions: new Uint8Array(data.count), probabilities: new Float32Array(data.count * 10) };
  }

  getWeights(): Float32Array[] {
    return [Float32Array.of(this.weight)];
  }

  setWeights(w: readonly Float32Array[]): void {
    this.weight = w[0][0];
  }

  dispose(): void {
    // Nothing to free.
  }
}

const data = (count: number): TrainData => ({ count, images: new Float32Array(count * 784), labels: new Uint8Array(count) });

function run(engine: FakeEngine, h: HyperparamsInput, extra: Partial<Parameters<typeof runTrainingLoop>[0]> = {}) {
  return runTrainingLoop({
    hparams: HyperparamsSchema.parse(h),
    engine,
    train: data(10),
    validation: data(4),
    rng: new Rng(1),
    ...extra,
  });
}

describe('runTrainingLoop', () => {
  it('visits every sample once per epoch in a fresh shuffled order, in batches with a partial last one', async () => {
    const engine = new FakeEngine([3, 2, 1]);
    const r = await run(engine, { epochs: 3, batchSize: 4 });
    expect(r.stopReason).toBe('completed');
    expect(engine.batches.map((b) => b.length)).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2]);
    const epochs = [0, 3, 6].map((i) => engine.batches.slice(i, i + 3).flat());
    for (const e of epochs) expect([...e].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(r.history.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(r.history[0]).toMatchObject({ loss: 1, accuracy: 0, val_loss: 3, val_accuracy: -2 });
  });

  it('stops early with Keras semantics and restores the best epoch weights', async () => {
    const engine = new FakeEngine([1.0, 0.8, 0.85, 0.9, 0.7]);
    const r = await run(engine, { epochs: 5, earlyStoppingPatience: 2, lrPatience: 10 });
    expect(r.stopReason).toBe('early-stopping');
    expect(r.history).toHaveLength(4);
    expect(r.bestEpoch).toBe(2);
    // Snapshot taken after epoch 2's evaluation, when the fake's weight had become 2.
    expect(engine.weight).toBe(2);
  });

  it('keeps the last weights when restoreBestWeights is off, and never stops when early stopping is off', async () => {
    const kept = new FakeEngine([1.0, 0.8, 0.85, 0.9, 0.7]);
    await run(kept, { epochs: 5, earlyStoppingPatience: 2, restoreBestWeights: false });
    expect(kept.weight).toBe(4);
    const off = new FakeEngine([1.0, 0.8, 0.85, 0.9, 0.95]);
    const r = await run(off, { epochs: 5, earlyStopping: false, earlyStoppingPatience: 1 });
    expect(r.stopReason).toBe('completed');
    expect(r.history).toHaveLength(5);
    expect(r.bestEpoch).toBe(2);
  });

  it('lowers the learning rate on a plateau, from the next epoch on', async () => {
    const engine = new FakeEngine([1, 1, 1, 1, 1]);
    const r = await run(engine, { epochs: 5, batchSize: 10, learningRate: 0.01, lrFactor: 0.5, lrPatience: 2, earlyStopping: false });
    expect(r.history.map((e) => e.lr)).toEqual([0.01, 0.01, 0.01, 0.005, 0.005]);
    expect(engine.lrSeen).toEqual([0.01, 0.01, 0.01, 0.005, 0.005]);
  });

  it('stops at the next batch when aborted, and prunes when the caller says so', async () => {
    const controller = new AbortController();
    const engine = new FakeEngine([1, 1]);
    const r = await run(engine, { epochs: 2, batchSize: 2 }, {
      signal: controller.signal,
      onBatchEnd: (p) => {
        if (p.batch === 2) controller.abort();
      },
    });
    expect(r.stopReason).toBe('aborted');
    expect(engine.batches).toHaveLength(2);
    expect(r.history).toHaveLength(0);

    const pruned = await run(new FakeEngine([1, 0.9, 0.8]), { epochs: 3 }, { shouldStop: (e) => e.epoch === 2 });
    expect(pruned.stopReason).toBe('pruned');
    expect(pruned.history).toHaveLength(2);
  });

  it('reports running batch means and awaits onEpochEnd before going on', async () => {
    const events: string[] = [];
    const engine = new FakeEngine([1, 1]);
    await run(engine, { epochs: 2, batchSize: 4 }, {
      onBatchEnd: (p) => events.push(`b${p.epoch}.${p.batch}/${p.batches}:${p.loss}`),
      onEpochEnd: async (e) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`e${e.epoch}`);
      },
    });
    expect(events).toEqual(['b1.1/3:1', 'b1.2/3:1', 'b1.3/3:1', 'e1', 'b2.1/3:1', 'b2.2/3:1', 'b2.3/3:1', 'e2']);
  });

  it('validates in slices and weights their losses by size', async () => {
    const engine = new FakeEngine([]);
    const sizes: number[] = [];
    // Each slice's loss is its first label, so the combined loss shows how slices were weighted.
    engine.evaluate = (d: TrainData) => {
      sizes.push(d.count);
      return { loss: d.labels[0], accuracy: 0.5, predictions: new Uint8Array(0), probabilities: new Float32Array(0) };
    };
    const validation = data(5000);
    validation.labels.fill(1, 0, 2048).fill(2, 2048, 4096).fill(3, 4096);
    const r = await run(engine, { epochs: 1 }, { validation });
    expect(sizes).toEqual([2048, 2048, 904]);
    expect(r.history[0].val_loss).toBeCloseTo((2048 * 1 + 2048 * 2 + 904 * 3) / 5000, 12);
    expect(r.history[0].val_accuracy).toBe(0.5);
  });

  it('lets the caller’s timers run while training is busy', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const seen: number[] = [];
    try {
      // 30 batches of 5 ms of blocking work: without yields no tick could fire until the end.
      await run(new FakeEngine([1], 5), { epochs: 1, batchSize: 1 }, {
        train: data(30),
        onBatchEnd: () => seen.push(ticks),
      });
    } finally {
      clearInterval(timer);
    }
    expect(seen[seen.length - 1]).toBeGreaterThanOrEqual(3);
  });
});

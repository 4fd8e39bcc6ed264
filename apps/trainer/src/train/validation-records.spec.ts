// A short real `mnist-lab train` records every validation digit's answer per epoch and the test embedding.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBase64, TestEmbeddingSchema, ValidationLogSchema } from '@mnist-lab/contracts';

const bin = fileURLToPath(new URL('../../bin/mnist-lab.js', import.meta.url));
const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-home-'));

/** The spooled events of an offline run of `args`. */
function spooledRun(args: string[]): Promise<{ kind: string; payload: Record<string, unknown> }[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, 'train', '--offline', '--quiet', ...args], { encoding: 'utf8', env: { ...process.env, MNIST_LAB_HOME: home }, timeout: 300_000 }, (err, stdout) => {
      if (err) return reject(err);
      const spool = /offline: events spooled to (\S+\.jsonl)/.exec(stdout)?.[1] ?? '';
      resolve(readFileSync(spool, 'utf8').trim().split('\n').map((l) => JSON.parse(l).event));
    });
  });
}

describe('mnist-lab train: validation predictions and the test embedding', () => {
  it('stores one record per epoch (the set with the first, each wrong digit\'s pixels once) and the 32-unit layer at finish', async () => {
    const events = await spooledRun(['--epochs', '2', '--train-limit', '3000', '--out', path.join(home, 'mlp')]);
    const records = events.filter((e) => e.kind === 'validation').map((e) => ValidationLogSchema.parse(e.payload));
    expect(records.map((r) => r.epoch)).toEqual([1, 2]);
    const [first, second] = records;
    const truth = fromBase64(first.set?.labels ?? '');
    expect(truth).toHaveLength(6_000);
    expect(second.set).toBeUndefined();
    expect(new Uint32Array(fromBase64(first.set?.sourceIndices ?? '').buffer).every((i) => i < 60_000)).toBe(true);
    // The epoch's val_accuracy comes from exactly these predictions.
    const points = events.filter((e) => e.kind === 'log').flatMap((e) => e.payload.points as { name: string; epoch: number; value: number }[]);
    for (const r of records) {
      const predicted = fromBase64(r.predicted);
      const right = predicted.filter((p, i) => p === truth[i]).length;
      expect(points.find((p) => p.name === 'val_accuracy' && p.epoch === r.epoch)?.value).toBeCloseTo(right / 6_000, 10);
      const wrongNow = [...predicted.keys()].filter((i) => predicted[i] !== truth[i]);
      const sent = new Set((r.pixels ?? []).map((p) => p.index));
      for (const i of sent) expect(wrongNow).toContain(i);
      // Bytes per epoch: labels and confidences, one byte each per digit, plus pixels of the newly wrong digits.
      expect(fromBase64(r.confidences)).toHaveLength(6_000);
    }
    const sentTwice = (first.pixels ?? []).filter((p) => (second.pixels ?? []).some((q) => q.index === p.index));
    expect(sentTwice).toEqual([]);

    const finish = events.at(-1);
    expect(finish?.kind).toBe('finish');
    const embedding = TestEmbeddingSchema.parse(finish?.payload.embedding);
    expect(embedding).toMatchObject({ layer: 'batch_normalization_2', originalWidth: 32, width: 32, count: 10_000 });
    expect(embedding.projection).toBeUndefined();
    expect(fromBase64(embedding.values)).toHaveLength(320_000);
    const test = finish?.payload.test as { labels: string };
    expect(embedding.predictedLabels).toBe(test.labels);
  }, 300_000);

  it('projects a convnet without Dense hidden layers from its Flatten to 64 dimensions, and says so', async () => {
    const events = await spooledRun(['--arch', 'cnn', '--conv-filters', '4', '--hidden-units', '', '--epochs', '1', '--train-limit', '500', '--out', path.join(home, 'cnn')]);
    const embedding = TestEmbeddingSchema.parse(events.at(-1)?.payload.embedding);
    expect(embedding).toMatchObject({ layer: 'flatten', originalWidth: 13 * 13 * 4, width: 64, count: 10_000, projection: { method: 'achlioptas-sparse-random-projection', seed: 12 } });
  }, 300_000);
});

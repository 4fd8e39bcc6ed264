// Packing a hidden layer's activations: int8 within half a step per dimension, a wide layer projected to 64, bounds refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from './bytes';
import { dequantizeEmbedding, MAX_EMBEDDING_WIDTH, packEmbedding, projectActivations, TestEmbeddingSchema } from './embedding';

const labels = (n: number) => Array.from({ length: n }, (_, i) => i % 10);

describe('packEmbedding', () => {
  it('stores any activations as int8 the schema accepts, each back within half a quantization step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: MAX_EMBEDDING_WIDTH }), fc.integer(), (count, width, seed) => {
        const activations = Float32Array.from({ length: count * width }, (_, i) => Math.sin(seed + i * 7.1) * (i % 3) * 10);
        const e = packEmbedding('dense_2', activations, width, labels(count), labels(count));
        expect(TestEmbeddingSchema.safeParse(e).success).toBe(true);
        const back = dequantizeEmbedding({ values: fromBase64(e.values), scales: e.scales, offsets: e.offsets, width });
        back.forEach((x, i) => expect(Math.abs(x - activations[i])).toBeLessThanOrEqual(e.scales[i % width] / 2 + 1e-4));
      }),
      { numRuns: 30 },
    );
  });

  it('projects a 1,600-wide layer to 64 dimensions with a fixed seed, keeping distances within 35%, and says so', () => {
    const count = 40;
    const width = 1_600;
    const x = Float32Array.from({ length: count * width }, (_, i) => Math.max(0, Math.sin(i * 0.37 + (i % 97))));
    const e = packEmbedding('flatten_1', x, width, labels(count), labels(count));
    expect(e).toMatchObject({ layer: 'flatten_1', originalWidth: 1_600, width: 64, projection: { method: 'achlioptas-sparse-random-projection', seed: 12 } });
    expect(TestEmbeddingSchema.safeParse(e).success).toBe(true);
    const p = projectActivations(x, count, width).values;
    expect(projectActivations(x, count, width).values).toEqual(p);
    const dist = (v: Float32Array, w: number, a: number, b: number) => Math.hypot(...Array.from({ length: w }, (_, d) => v[a * w + d] - v[b * w + d]));
    for (let a = 0; a < 10; a++) {
      const ratio = dist(p, 64, a, a + 10) / dist(x, width, a, a + 10);
      expect(ratio).toBeGreaterThan(0.65);
      expect(ratio).toBeLessThan(1.35);
    }
  });

  it('refuses a record whose sizes disagree, a wider stored width, or a projected one that does not say how', () => {
    const e = packEmbedding('dense_2', new Float32Array(3 * 4).fill(1), 4, labels(3), labels(3));
    const issue = (r: unknown) => {
      const p = TestEmbeddingSchema.safeParse(r);
      return p.success ? 'accepted' : `${p.error.issues[0].path.join('.')}: ${p.error.issues[0].message}`;
    };
    expect(issue(e)).toBe('accepted');
    expect(issue({ ...e, count: 4 })).toMatch(/^values: expected 16 bytes/);
    expect(issue({ ...e, scales: [1] })).toBe('scales: expected 4 scales (one per dimension), got 1');
    expect(issue({ ...e, trueLabels: 'CgoK' })).toBe('trueLabels: every label must be a digit 0-9');
    expect(issue({ ...e, originalWidth: 100 })).toMatch(/^projection: a 100-wide layer stored as 4 dimensions/);
    expect(issue({ ...e, originalWidth: 2 })).toMatch(/^width: the stored width 4 is wider/);
    expect(issue({ ...e, width: 65 })).toMatch(/^width: /);
  });
});

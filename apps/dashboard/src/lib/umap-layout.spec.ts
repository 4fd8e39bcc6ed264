// umapLayout: points that are near in activation space end up near on the map, clusters apart; progress is reported.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@mnist-lab/contracts';
import { nearestNeighbours } from './knn';
import { umapLayout, type UmapProgress } from './umap-layout';

/** 10 well-separated clusters of 60 points in 24 dimensions; cluster of point i is i % 10. */
function clusters(count: number, width: number) {
  const r = mulberry32(5);
  const centres = Array.from({ length: 10 }, () => Array.from({ length: width }, () => r() * 20));
  const data = new Float32Array(count * width);
  for (let i = 0; i < count; i++) for (let d = 0; d < width; d++) data[i * width + d] = centres[i % 10][d] + r();
  return data;
}

describe('nearestNeighbours', () => {
  it('finds the k nearest points exactly, itself first', () => {
    const data = Float32Array.from([0, 0, 1, 0, 5, 0, 1.5, 0]);
    const { indices, distances } = nearestNeighbours(data, 4, 2, 3);
    expect(indices).toEqual([[0, 1, 3], [1, 3, 0], [2, 3, 1], [3, 1, 0]]);
    expect(distances[2]).toEqual([0, 3.5, 4]);
  });

  it('finds the same neighbours as comparing every pair, whatever the points', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 1, maxLength: 60 }), (pts) => {
        const data = Float32Array.from(pts.flat());
        const got = nearestNeighbours(data, pts.length, 3, 4);
        pts.forEach((p, i) => {
          const all = pts.map((q, j) => [(p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2, j]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          // Ties may be broken either way: the distances must match exactly, and each index must be at its distance.
          expect(got.distances[i]).toEqual(all.slice(0, Math.min(4, pts.length)).map(([d]) => Math.sqrt(d)));
          got.indices[i].forEach((j, s) => expect((p[0] - pts[j][0]) ** 2 + (p[1] - pts[j][1]) ** 2 + (p[2] - pts[j][2]) ** 2).toBe(all[s][0]));
        });
      }),
    );
  });
});

describe('umapLayout', () => {
  it('keeps each cluster together and apart from the others, reporting progress up to the last epoch', () => {
    const count = 600;
    const progress: UmapProgress[] = [];
    const xy = umapLayout(clusters(count, 24), count, 24, (p) => progress.push(p), { epochs: 100, every: 20 });
    expect(xy).toHaveLength(count * 2);
    expect([...xy].every(Number.isFinite)).toBe(true);
    // On the map, a point's nearest other point is in its own cluster for nearly every point.
    const map = nearestNeighbours(xy, count, 2, 2);
    const same = map.indices.filter(([self, other]) => self % 10 === other % 10).length;
    expect(same / count).toBeGreaterThan(0.97);
    expect(progress[0]).toEqual({ phase: 'neighbors' });
    expect(progress.at(-1)).toEqual({ phase: 'layout', epoch: 80, epochs: 100 });
  });

  it('gives the same map for the same activations', () => {
    const data = clusters(200, 8);
    const ignore = (): void => undefined;
    expect(umapLayout(data, 200, 8, ignore, { epochs: 30 })).toEqual(umapLayout(data, 200, 8, ignore, { epochs: 30 }));
  });
});

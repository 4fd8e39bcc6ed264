// pca2d: the map's axes are the data's two directions of largest variance, whatever basis the activations come in.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@mnist-lab/contracts';
import { pca2d } from './pca';

/** Points spread 10 along u, 3 along w and 0.3 along every other axis, in a random rotation of `width` dimensions. */
function synthetic(count: number, width: number, seed: number) {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const basis: number[][] = [];
  for (let j = 0; j < width; j++) {
    const v = Array.from({ length: width }, gauss);
    for (const b of basis) {
      const dot = v.reduce((s, x, d) => s + x * b[d], 0);
      for (let d = 0; d < width; d++) v[d] -= dot * b[d];
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  const spread = (j: number) => (j === 0 ? 10 : j === 1 ? 3 : 0.3);
  const data = new Float32Array(count * width);
  const coords = Array.from({ length: count }, () => Array.from({ length: width }, (_, j) => spread(j) * gauss()));
  for (let i = 0; i < count; i++) for (let j = 0; j < width; j++) for (let d = 0; d < width; d++) data[i * width + d] += coords[i][j] * basis[j][d] + (j === 0 ? 5 / width : 0);
  return { data, coords };
}

const corr = (a: number[], b: number[]) => {
  const m = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const [ma, mb] = [m(a), m(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};

describe('pca2d', () => {
  it('recovers the two directions of largest variance of rotated data, with the variance they explain', () => {
    const { data, coords } = synthetic(2_000, 16, 3);
    const { xy, explained } = pca2d(data, 2_000, 16);
    const x = Array.from({ length: 2_000 }, (_, i) => xy[2 * i]);
    const y = Array.from({ length: 2_000 }, (_, i) => xy[2 * i + 1]);
    expect(Math.abs(corr(x, coords.map((c) => c[0])))).toBeGreaterThan(0.999);
    expect(Math.abs(corr(y, coords.map((c) => c[1])))).toBeGreaterThan(0.99);
    const total = 100 + 9 + 14 * 0.09;
    expect(explained[0]).toBeCloseTo(100 / total, 1);
    expect(explained[1]).toBeCloseTo(9 / total, 1);
  });

  it('centres the map and gives the same map twice', () => {
    const { data } = synthetic(500, 8, 9);
    const a = pca2d(data, 500, 8);
    const meanX = a.xy.filter((_, k) => k % 2 === 0).reduce((s, v) => s + v, 0) / 500;
    expect(Math.abs(meanX)).toBeLessThan(1e-3);
    expect(pca2d(data, 500, 8).xy).toEqual(a.xy);
  });

  it('handles constant and one-dimensional activations without NaN', () => {
    const flat = pca2d(new Float32Array(30).fill(2), 10, 3);
    expect([...flat.xy].every((v) => v === 0)).toBe(true);
    expect(flat.explained).toEqual([0, 0]);
    const line = pca2d(Float32Array.from({ length: 10 }, (_, i) => i), 10, 1);
    expect([...line.xy].every(Number.isFinite)).toBe(true);
  });

  it('projects 10,000 x 64 activations well under the map budget of a second', () => {
    const data = Float32Array.from({ length: 640_000 }, (_, i) => Math.sin(i * 0.37) * ((i % 64) + 1));
    const t = performance.now();
    pca2d(data, 10_000, 64);
    expect(performance.now() - t).toBeLessThan(1_000);
  });

  it('refuses data that is not count x width', () => {
    expect(() => pca2d(new Float32Array(5), 2, 3)).toThrow(/5 values is not 2 x 3/);
  });
});

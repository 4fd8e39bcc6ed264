import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is xoshiro128** (the reference outputs for state 1,2,3,4)', () => {
    const r = Rng.fromState([1, 2, 3, 4]);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('replays the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 8 }, () => r.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const x of draw(7)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('shuffles into a permutation, differently on each call', () => {
    const r = new Rng(1);
    const a = Uint32Array.from({ length: 100 }, (_, i) => i);
    r.shuffle(a);
    const first = Array.from(a);
    expect([...first].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    r.shuffle(a);
    expect(Array.from(a)).not.toEqual(first);
  });

  it('clones its state', () => {
    const r = new Rng(5);
    r.next();
    const c = r.clone();
    expect(c.next()).toBe(r.next());
  });

  it('draws dropout masks exactly as next() would, and leaves the state where n draws leave it', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    const mask = new Float32Array(1001);
    a.dropoutMask(mask, 1000, 0.3, 2);
    const expected = Array.from({ length: 1000 }, () => (b.next() < 0.3 ? 0 : 2));
    expect(Array.from(mask.subarray(0, 1000))).toEqual(expected);
    expect(mask[1000]).toBe(0);
    expect(a.next()).toBe(b.next());
  });
});

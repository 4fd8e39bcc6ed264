// The embedding map's geometry: every point lands on the canvas undistorted, hover finds the nearest, a box its points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitView, PointGrid, pointsInBox, toScreen } from './map-view';

describe('fitView and toScreen', () => {
  it('puts every point inside the padded canvas, with one scale on both axes and y pointing up', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true })), { minLength: 1, maxLength: 50 }), (pts) => {
        const xy = Float32Array.from(pts.flat());
        const s = toScreen(xy, fitView(xy, 400, 300, 10));
        for (let i = 0; i < s.length; i += 2) {
          expect(s[i]).toBeGreaterThanOrEqual(10 - 1e-3);
          expect(s[i]).toBeLessThanOrEqual(390 + 1e-3);
          expect(s[i + 1]).toBeGreaterThanOrEqual(10 - 1e-3);
          expect(s[i + 1]).toBeLessThanOrEqual(290 + 1e-3);
        }
      }),
    );
    const s = toScreen(Float32Array.from([0, 0, 1, 1]), fitView(Float32Array.from([0, 0, 1, 1]), 400, 200, 0));
    // A unit square stays square (200 px both ways) and the point with the larger y is drawn higher.
    expect(s[2] - s[0]).toBeCloseTo(200);
    expect(s[1] - s[3]).toBeCloseTo(200);
  });
});

describe('PointGrid.nearest', () => {
  it('finds the same point as a search of every point, or none beyond the radius', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })), { minLength: 1, maxLength: 80 }),
        fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })),
        (pts, [x, y]) => {
          const screen = Float32Array.from(pts.flat());
          const got = new PointGrid(screen, 8).nearest(x, y, 8);
          let best = -1;
          let bestD = 64;
          pts.forEach(([px, py], i) => {
            const d = (px - x) ** 2 + (py - y) ** 2;
            if (d < bestD || (d === bestD && i > best)) [best, bestD] = [i, d];
          });
          expect(got).toBe(best);
        },
      ),
    );
  });
});

describe('pointsInBox', () => {
  it('selects the points inside a box dragged in any direction', () => {
    const screen = Float32Array.from([5, 5, 15, 15, 25, 5, 15, 30]);
    expect(pointsInBox(screen, { x0: 0, y0: 0, x1: 20, y1: 20 })).toEqual([0, 1]);
    expect(pointsInBox(screen, { x0: 20, y0: 20, x1: 0, y1: 0 })).toEqual([0, 1]);
    expect(pointsInBox(screen, { x0: 10, y0: 0, x1: 30, y1: 40 })).toEqual([1, 2, 3]);
    expect(pointsInBox(screen, { x0: 40, y0: 40, x1: 50, y1: 50 })).toEqual([]);
  });
});

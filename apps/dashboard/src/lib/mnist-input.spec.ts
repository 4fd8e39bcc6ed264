// The playground's preprocessing: wherever and however large a digit is drawn, the model sees it as MNIST digits look.
import { describe, expect, it } from 'vitest';
import { DIGIT_BOX, MNIST_SIDE, alphaRaster, centerOfMass, inkBounds, resampleArea, toMnistInput, type Raster } from './mnist-input';

const SIDE = 280;

/** A 280x280 pad with round-brush strokes through the given points, as the pad draws them (radius in pixels). */
function drawStrokes(strokes: [number, number][][], radius = 12): Raster {
  const data = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      for (const stroke of strokes) {
        for (let i = 0; i < stroke.length; i++) {
          const [ax, ay] = stroke[i];
          const [bx, by] = stroke[Math.min(i + 1, stroke.length - 1)];
          const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
          const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2));
          if (Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay))) <= radius) data[y * SIDE + x] = 1;
        }
      }
    }
  }
  return { width: SIDE, height: SIDE, data };
}

const field = (input: Float32Array): Raster => ({ width: MNIST_SIDE, height: MNIST_SIDE, data: input });

describe('toMnistInput', () => {
  it('centers an off-center blob by its center of mass and scales it to the 20-pixel box', () => {
    const input = toMnistInput(drawStrokes([[[50, 60]]], 25));
    const com = centerOfMass(field(input));
    expect(com?.x).toBeCloseTo(14, 0);
    expect(com?.y).toBeCloseTo(14, 0);
    expect(Math.abs((com?.x ?? 0) - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((com?.y ?? 0) - 14)).toBeLessThanOrEqual(0.5);
    const box = inkBounds(field(input));
    expect(box).toMatchObject({ width: DIGIT_BOX, height: DIGIT_BOX });
  });

  it('keeps the aspect ratio of a tall stroke: the long side becomes 20 pixels, the short side in proportion', () => {
    // A "1": 30 wide (with the brush) by 170 tall, in the pad's bottom-right corner.
    const input = toMnistInput(drawStrokes([[[230, 100], [230, 240]]], 15));
    const box = inkBounds(field(input));
    expect(box?.height).toBe(DIGIT_BOX);
    expect(box?.width).toBeGreaterThanOrEqual(3);
    expect(box?.width).toBeLessThanOrEqual(5);
    expect(Math.abs((centerOfMass(field(input))?.x ?? 0) - 14)).toBeLessThanOrEqual(0.5);
  });

  it('keeps the aspect ratio of a wide stroke too', () => {
    const input = toMnistInput(drawStrokes([[[20, 30], [220, 30]]], 10));
    const box = inkBounds(field(input));
    expect(box?.width).toBe(DIGIT_BOX);
    expect(box?.height).toBeLessThanOrEqual(3);
  });

  it('centers by mass, not by bounding box: a "7" sits with its heavy top above the middle', () => {
    const input = toMnistInput(drawStrokes([[[60, 40], [220, 40], [120, 250]]], 12));
    const com = centerOfMass(field(input));
    const box = inkBounds(field(input));
    expect(Math.abs((com?.y ?? 0) - 14)).toBeLessThanOrEqual(0.5);
    // The box's middle is below the center of mass: the digit was shifted down from box-centering.
    expect((box?.y ?? 0) + (box?.height ?? 0) / 2).toBeGreaterThan(14);
  });

  it('gives anti-aliased gray levels in [0, 1] with a full-ink core, white on black', () => {
    const input = toMnistInput(drawStrokes([[[70, 70], [200, 210]]], 9));
    expect(Math.max(...input)).toBe(1);
    expect(Math.min(...input)).toBe(0);
    const grays = input.filter((v) => v > 0 && v < 1);
    expect(grays.length).toBeGreaterThan(5);
    // Corners stay background.
    expect(input[0]).toBe(0);
    expect(input[MNIST_SIDE * MNIST_SIDE - 1]).toBe(0);
  });

  it('gives the same input wherever the same digit is drawn', () => {
    const stroke = (dx: number, dy: number): [number, number][] => [[40 + dx, 40 + dy], [100 + dx, 40 + dy], [70 + dx, 130 + dy]];
    const a = toMnistInput(drawStrokes([stroke(0, 0)]));
    const b = toMnistInput(drawStrokes([stroke(130, 120)]));
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('turns a blank pad into zeros, and ignores faint anti-aliasing dust for the bounds', () => {
    expect(toMnistInput({ width: 10, height: 10, data: new Float32Array(100) }).every((v) => v === 0)).toBe(true);
    const dusty = drawStrokes([[[140, 140]]], 20);
    (dusty.data as Float32Array)[0] = 0.01;
    expect(inkBounds(dusty)).toMatchObject({ width: 40, height: 40 });
  });
});

describe('resampleArea', () => {
  it('averages the area each output pixel covers, counting partial pixels by their fraction', () => {
    const r: Raster = { width: 3, height: 1, data: [1, 0, 1] };
    const down = resampleArea(r, { x: 0, y: 0, width: 3, height: 1 }, 2, 1);
    expect(down[0]).toBeCloseTo(2 / 3, 6);
    expect(down[1]).toBeCloseTo(2 / 3, 6);
    expect(Array.from(resampleArea(r, { x: 0, y: 0, width: 3, height: 1 }, 6, 1))).toEqual([1, 1, 0, 0, 1, 1]);
  });
});

describe('alphaRaster', () => {
  it("reads a canvas' alpha channel as ink", () => {
    const raster = alphaRaster([255, 255, 255, 255, 0, 0, 0, 0, 9, 9, 9, 51], 3, 1);
    expect(raster.data[0]).toBe(1);
    expect(raster.data[1]).toBe(0);
    expect(raster.data[2]).toBeCloseTo(0.2, 6);
  });
});

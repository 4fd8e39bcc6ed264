// Each gallery tile is drawn from the pixels the trainer sent: decoding must be exact and ink must be dark.
import { describe, expect, it } from 'vitest';
import { decodePixels, toRgba } from './digit-pixels';

describe('digit pixels', () => {
  it('decodes 784 bytes and inverts them to dark ink', () => {
    const bytes = new Uint8Array(784);
    bytes[0] = 255;
    bytes[783] = 10;
    const pixels = decodePixels(Buffer.from(bytes).toString('base64'));
    expect(pixels.length).toBe(784);
    expect(pixels[0]).toBe(255);
    expect(pixels[783]).toBe(10);
    const rgba = toRgba(pixels);
    expect([...rgba.slice(0, 4)]).toEqual([0, 0, 0, 255]);
    expect(rgba[4]).toBe(255);
  });
});

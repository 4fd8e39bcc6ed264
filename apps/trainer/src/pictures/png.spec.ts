import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeGrayPng } from './png';

describe('encodeGrayPng', () => {
  it('writes a valid PNG whose pixel data round-trips', () => {
    const pixels = Uint8Array.from({ length: 28 * 28 }, (_, i) => i % 256);
    const png = encodeGrayPng(pixels, 28, 28);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(28);
    const idatLen = png.readUInt32BE(33);
    expect(png.toString('ascii', 37, 41)).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect(raw.length).toBe(29 * 28);
    expect(raw[0]).toBe(0);
    expect(Array.from(raw.subarray(1, 29))).toEqual(Array.from(pixels.subarray(0, 28)));
  });
});

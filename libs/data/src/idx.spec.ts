// IDX parsing: good files read back exactly; each kind of broken file gets its own one-line error.
import { describe, expect, it } from 'vitest';
import { MnistDataError } from './errors';
import { parseIdxImages, parseIdxLabels } from './idx';
import { idxImagesBytes, idxLabelsBytes } from './idx-fixture';

describe('parseIdxImages', () => {
  it('reads the header and the pixels of a good file', () => {
    const parsed = parseIdxImages(idxImagesBytes(3, { rows: 4, cols: 5 }), 'x-images');
    expect(parsed).toMatchObject({ count: 3, rows: 4, cols: 5 });
    expect(parsed.pixels.length).toBe(60);
    expect(parsed.pixels[20 + 3]).toBe((1 * 7 + 3) % 256);
  });

  it('rejects a label file given as images, naming both magic numbers', () => {
    expect(() => parseIdxImages(idxLabelsBytes([1, 2, 3]), 'x-images')).toThrow(
      new MnistDataError('x-images: not an IDX image file: magic number 2049, expected 2051 (this is a label file)'),
    );
  });

  it('rejects a file cut short of its header', () => {
    expect(() => parseIdxImages(idxImagesBytes(1).subarray(0, 10), 'x-images')).toThrow(
      /^x-images: truncated: 10 bytes, shorter than the 16-byte IDX image header$/,
    );
  });

  it('rejects a file with fewer images than its header says', () => {
    expect(() => parseIdxImages(idxImagesBytes(9, { headerCount: 10 }), 'x-images')).toThrow(
      /^x-images: truncated: header says 10 images, file holds 9$/,
    );
    const cut = idxImagesBytes(3);
    expect(() => parseIdxImages(cut.subarray(0, cut.length - 100), 'x-images')).toThrow(
      /^x-images: truncated: header says 3 images, file holds 2 and 684 stray bytes$/,
    );
  });

  it('rejects a file longer than its header says', () => {
    expect(() => parseIdxImages(idxImagesBytes(4, { headerCount: 3 }), 'x-images')).toThrow(
      /^x-images: length mismatch: header says 3 images, file holds 4$/,
    );
  });

  it('says so when handed a still-gzipped file', () => {
    const gz = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => parseIdxImages(gz, 'x-images')).toThrow(/^x-images: file is gzip-compressed/);
  });
});

describe('parseIdxLabels', () => {
  it('reads the labels of a good file', () => {
    expect(Array.from(parseIdxLabels(idxLabelsBytes([7, 2, 1, 0]), 'x-labels'))).toEqual([7, 2, 1, 0]);
  });

  it('rejects a wrong magic number', () => {
    expect(() => parseIdxLabels(idxLabelsBytes([1], { magic: 1234 }), 'x-labels')).toThrow(
      /^x-labels: not an IDX label file: magic number 1234, expected 2049$/,
    );
  });

  it('rejects a header that promises more labels than the file holds', () => {
    expect(() => parseIdxLabels(idxLabelsBytes([1, 2, 3], { headerCount: 5 }), 'x-labels')).toThrow(
      /^x-labels: truncated: header says 5 labels, file holds 3$/,
    );
  });

  it('rejects an empty file', () => {
    expect(() => parseIdxLabels(idxLabelsBytes([]), 'x-labels')).toThrow(/^x-labels: header says the file holds no labels$/);
  });
});

// Test helper: builds small IDX files byte by byte, so specs can feed the parsers good and broken input.

/** An IDX image file: `count` images of rows x cols, pixel (i, k) = (i * 7 + k) % 256; header fields overridable. */
export function idxImagesBytes(
  count: number,
  opts: { rows?: number; cols?: number; magic?: number; headerCount?: number } = {},
): Uint8Array {
  const rows = opts.rows ?? 28;
  const cols = opts.cols ?? 28;
  const size = rows * cols;
  const buf = new Uint8Array(16 + count * size);
  const view = new DataView(buf.buffer);
  view.setUint32(0, opts.magic ?? 2051);
  view.setUint32(4, opts.headerCount ?? count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  for (let i = 0; i < count; i++) for (let k = 0; k < size; k++) buf[16 + i * size + k] = (i * 7 + k) % 256;
  return buf;
}

/** An IDX label file holding `labels`; header fields overridable. */
export function idxLabelsBytes(labels: number[], opts: { magic?: number; headerCount?: number } = {}): Uint8Array {
  const buf = new Uint8Array(8 + labels.length);
  const view = new DataView(buf.buffer);
  view.setUint32(0, opts.magic ?? 2049);
  view.setUint32(4, opts.headerCount ?? labels.length);
  buf.set(labels, 8);
  return buf;
}

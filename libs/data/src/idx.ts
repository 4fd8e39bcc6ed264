// Parsers for the IDX format (big-endian header, then raw bytes) that the MNIST images and labels ship in.
import { MnistDataError } from './errors';

const IMAGES_MAGIC = 2051; // 0x00000803: unsigned bytes, 3 dimensions
const LABELS_MAGIC = 2049; // 0x00000801: unsigned bytes, 1 dimension
const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count*rows*cols raw bytes: a view into the buffer passed in, not a copy. */
  pixels: Uint8Array;
}

/** Parses an IDX image file; throws MnistDataError naming `fileName` if the bytes are not one. */
export function parseIdxImages(buf: Uint8Array, fileName: string): IdxImages {
  const view = readHeader(buf, fileName, IMAGES_MAGIC, IMAGES_HEADER_BYTES, 'image');
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (rows === 0 || cols === 0) fail(fileName, `header says images are ${rows}x${cols}`);
  checkLength(buf, fileName, IMAGES_HEADER_BYTES, count, rows * cols, 'images');
  const pixels = new Uint8Array(buf.buffer, buf.byteOffset + IMAGES_HEADER_BYTES, count * rows * cols);
  return { count, rows, cols, pixels };
}

/** Parses an IDX label file; returns a view of its labels into `buf`. */
export function parseIdxLabels(buf: Uint8Array, fileName: string): Uint8Array {
  const view = readHeader(buf, fileName, LABELS_MAGIC, LABELS_HEADER_BYTES, 'label');
  const count = view.getUint32(4);
  checkLength(buf, fileName, LABELS_HEADER_BYTES, count, 1, 'labels');
  return new Uint8Array(buf.buffer, buf.byteOffset + LABELS_HEADER_BYTES, count);
}

function readHeader(buf: Uint8Array, fileName: string, magic: number, headerBytes: number, kind: string): DataView {
  // The files are often downloaded as .gz; say so rather than report a nonsense magic number.
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    fail(fileName, 'file is gzip-compressed: decompress it (gunzip) first');
  }
  // Check the magic number before the header length, so a label file passed as images says what it is.
  const view = new DataView(buf.buffer, buf.byteOffset, Math.min(buf.length, headerBytes));
  const found = buf.length >= 4 ? view.getUint32(0) : undefined;
  if (found !== undefined && found !== magic) {
    const hint =
      found === IMAGES_MAGIC ? ' (this is an image file)' : found === LABELS_MAGIC ? ' (this is a label file)' : '';
    fail(fileName, `not an IDX ${kind} file: magic number ${found}, expected ${magic}${hint}`);
  }
  if (buf.length < headerBytes) {
    fail(fileName, `truncated: ${buf.length} bytes, shorter than the ${headerBytes}-byte IDX ${kind} header`);
  }
  return view;
}

function checkLength(
  buf: Uint8Array,
  fileName: string,
  headerBytes: number,
  count: number,
  itemBytes: number,
  noun: string,
): void {
  if (count === 0) fail(fileName, `header says the file holds no ${noun}`);
  const body = buf.length - headerBytes;
  const expected = count * itemBytes;
  if (body === expected) return;
  const problem = body < expected ? 'truncated' : 'length mismatch';
  const held =
    body % itemBytes === 0 ? `${body / itemBytes}` : `${Math.floor(body / itemBytes)} and ${body % itemBytes} stray bytes`;
  fail(fileName, `${problem}: header says ${count} ${noun}, file holds ${held}`);
}

function fail(fileName: string, problem: string): never {
  throw new MnistDataError(`${fileName}: ${problem}`);
}

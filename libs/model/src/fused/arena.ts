// Carves an engine's buffers out of one ArrayBuffer (the wasm kernels' memory, or a plain one for the JS kernels),
// so every array a kernel touches is addressable from WebAssembly and nothing is allocated once training starts.
import type { Vec } from './kernels';
import type { FloatArrayCtor } from './workspace';

/** 16-byte alignment: the SIMD kernels' v128 loads are fastest on aligned rows. */
const ALIGN = 16;

export class Arena {
  private offset: number;

  /**
   * `buffer` null is the sizing pass: the same allocations, returning empty arrays, to learn `bytes` before the
   * memory exists (a wasm memory cannot grow under live views: growing detaches them).
   */
  constructor(
    private readonly buffer: ArrayBuffer | null,
    private readonly Float: FloatArrayCtor & { BYTES_PER_ELEMENT: number },
    base = 0,
  ) {
    this.offset = base;
  }

  get bytes(): number {
    return this.offset;
  }

  floats(n: number): Vec {
    const at = this.take(n * this.Float.BYTES_PER_ELEMENT);
    if (this.buffer === null) return new this.Float(0);
    return this.Float === Float64Array ? new Float64Array(this.buffer, at, n) : new Float32Array(this.buffer, at, n);
  }

  /** float64 whatever the precision: BatchNorm's statistics. */
  doubles(n: number): Float64Array {
    const at = this.take(n * 8);
    return this.buffer === null ? new Float64Array(0) : new Float64Array(this.buffer, at, n);
  }

  ints(n: number): Int32Array {
    const at = this.take(n * 4);
    return this.buffer === null ? new Int32Array(0) : new Int32Array(this.buffer, at, n);
  }

  octets(n: number): Uint8Array {
    const at = this.take(n);
    return this.buffer === null ? new Uint8Array(0) : new Uint8Array(this.buffer, at, n);
  }

  uints(n: number): Uint32Array {
    const at = this.take(n * 4);
    return this.buffer === null ? new Uint32Array(0) : new Uint32Array(this.buffer, at, n);
  }

  private take(bytes: number): number {
    const at = this.offset;
    this.offset = Math.ceil((at + bytes) / ALIGN) * ALIGN;
    return at;
  }
}

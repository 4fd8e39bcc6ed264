// Per-engine scratch buffers sized once for the largest batch, so a training step allocates nothing.
import type { MlpArchitecture } from '../architecture';
import type { Vec } from './kernels';

export type FloatArrayCtor = new (n: number) => Vec;

export interface LayerBuffers {
  /** Activation output, before BatchNorm. */
  h: Vec;
  /** Normalized h (training only). */
  xhat: Vec | null;
  /** What the next layer reads: after BatchNorm and dropout (the same array as `h` when there is neither). */
  out: Vec;
  /** Dropout multipliers 0 or 1/(1-rate) (training only). */
  mask: Vec | null;
  /** Gradient with respect to `out`, then (in place) with respect to the pre-activation (training only). */
  dOut: Vec | null;
}

export class Workspace {
  readonly nzStart: Int32Array;
  readonly nzIdx: Int32Array;
  readonly nzVal: Vec;
  /** The same pixels by column (per pixel, the rows where it is nonzero), for the first layer's weight gradient. */
  readonly colStart: Int32Array;
  readonly colRow: Int32Array;
  readonly colVal: Vec;
  private readonly colCursor: Int32Array;
  readonly labels: Uint8Array;
  readonly layers: LayerBuffers[];
  readonly logits: Vec;
  readonly dlogits: Vec | null;

  constructor(readonly capacity: number, arch: MlpArchitecture, training: boolean, Float: FloatArrayCtor) {
    this.nzStart = new Int32Array(capacity + 1);
    this.nzIdx = new Int32Array(capacity * arch.inputSize);
    this.nzVal = new Float(capacity * arch.inputSize);
    const colCapacity = training ? capacity * arch.inputSize : 0;
    this.colStart = new Int32Array(arch.inputSize + 1);
    this.colRow = new Int32Array(colCapacity);
    this.colVal = new Float(colCapacity);
    this.colCursor = new Int32Array(arch.inputSize);
    this.labels = new Uint8Array(capacity);
    this.layers = arch.hidden.map((n) => {
      const size = capacity * n;
      const h = new Float(size);
      const dropout = training && arch.dropout > 0;
      return {
        h,
        xhat: training && arch.batchNorm ? new Float(size) : null,
        out: arch.batchNorm || dropout ? new Float(size) : h,
        mask: dropout ? new Float(size) : null,
        dOut: training ? new Float(size) : null,
      };
    });
    this.logits = new Float(capacity * arch.classes);
    this.dlogits = training ? new Float(capacity * arch.classes) : null;
  }

  /**
   * Lists the nonzero pixels of rows `order[start..start+rows)` (or `start..start+rows` when `order` is null)
   * as CSR, and copies their labels: the first layer then touches only those pixels. With `byColumn`, also
   * lists them per pixel (a counting sort), which the first layer's weight gradient reads.
   */
  gather(
    images: Float32Array, labels: Uint8Array, inputSize: number,
    order: Uint32Array | null, start: number, rows: number, byColumn: boolean,
  ): void {
    const { nzStart, nzIdx, nzVal, colStart } = this;
    if (byColumn) colStart.fill(0);
    let p = 0;
    nzStart[0] = 0;
    for (let r = 0; r < rows; r++) {
      const sample = order === null ? start + r : order[start + r];
      const base = sample * inputSize;
      // Branch-free compaction: always write, advance only past nonzeros (2x faster than an if, measured).
      for (let k = 0; k < inputSize; k++) {
        const x = images[base + k];
        nzIdx[p] = k;
        nzVal[p] = x;
        p += x !== 0 ? 1 : 0;
      }
      nzStart[r + 1] = p;
      this.labels[r] = labels[sample];
    }
    if (!byColumn) return;
    for (let q = 0; q < p; q++) colStart[nzIdx[q] + 1]++;
    for (let k = 0; k < inputSize; k++) {
      colStart[k + 1] += colStart[k];
      this.colCursor[k] = colStart[k];
    }
    for (let r = 0; r < rows; r++) {
      for (let q = nzStart[r]; q < nzStart[r + 1]; q++) {
        const c = this.colCursor[nzIdx[q]]++;
        this.colRow[c] = r;
        this.colVal[c] = nzVal[q];
      }
    }
  }
}

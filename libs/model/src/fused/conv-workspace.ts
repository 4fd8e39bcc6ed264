// The CNN engine's buffers for one batch capacity, laid out in an Arena (the wasm kernels' memory, or a plain buffer).
import type { CnnArchitecture, ConvBlock } from '../architecture';
import type { Arena } from './arena';
import { ConvBatchNormBuffers } from './conv-batch-norm';
import type { ConvGeometry, PoolGeometry } from './conv-kernels';
import type { Vec } from './kernels';
import type { LayerBuffers } from './workspace';

export interface ConvLayerBuffers {
  conv: ConvGeometry;
  pool: PoolGeometry;
  /** Values per sample: input, conv output, pooled output. */
  inSize: number;
  convSize: number;
  pooledSize: number;
  /** Conv output, BatchNorm applied in place when there is one. */
  z: Vec;
  /** Normalized z, kept for BatchNorm's backward pass. */
  xhat: Vec | null;
  /** Pooled, then activated: what the next block (or Flatten) reads. */
  out: Vec;
  argmax: Int32Array;
  /** Gradient with respect to `out`; the gradient with respect to z. */
  dOut: Vec;
  dz: Vec;
  /** The kernel transposed, [cout, patch], for the input gradient. */
  wt: Vec;
  /** The sparse backward pass's kernel gradient, transposed like wt: one per thread (each sums its own samples). */
  dwts: Vec[];
  bn: ConvBatchNormBuffers | null;
}

export function convGeometry(b: ConvBlock): ConvGeometry {
  const pad = b.padding === 'same' ? Math.floor((b.kernel - 1) / 2) : 0;
  return {
    h: b.inSide, w: b.inSide, cin: b.inChannels, k: b.kernel, pad,
    oh: b.convSide, ow: b.convSide, cout: b.filters, patch: b.kernel * b.kernel * b.inChannels,
  };
}

export class ConvWorkspace {
  /** The batch's images, [capacity, 784]. */
  readonly x: Vec;
  readonly labels: Uint8Array;
  readonly layers: ConvLayerBuffers[];
  /** Per thread, one sample's im2col patches, and their gradient: sized for the largest block. */
  readonly cols: Vec[];
  readonly dcols: Vec[];
  /** Flatten's output after dropout, its mask and gradient (the last block's out and dOut when there is no dropout). */
  readonly flat: Vec;
  readonly flatMask: Vec | null;
  readonly dFlat: Vec;
  readonly dense: (LayerBuffers & { dOut: Vec })[];
  readonly logits: Vec;
  readonly dlogits: Vec;
  /** Each Dense kernel transposed ([out, in]), logits last: the input gradient's right-hand side. */
  readonly denseWt: Vec[];

  constructor(readonly capacity: number, arch: CnnArchitecture, arena: Arena, threads = 1) {
    this.x = arena.floats(capacity * arch.inputSize);
    this.labels = new Uint8Array(capacity);
    let patches = 0;
    this.layers = arch.blocks.map((b) => {
      const conv = convGeometry(b);
      const pool: PoolGeometry = { h: b.convSide, w: b.convSide, c: b.filters, p: b.pool, ph: b.pooledSide, pw: b.pooledSide };
      patches = Math.max(patches, conv.oh * conv.ow * conv.patch);
      const convSize = b.convSide * b.convSide * b.filters;
      const pooledSize = b.pooledSide * b.pooledSide * b.filters;
      return {
        conv, pool, inSize: b.inSide * b.inSide * b.inChannels, convSize, pooledSize,
        z: arena.floats(capacity * convSize),
        xhat: arch.batchNorm ? arena.floats(capacity * convSize) : null,
        out: arena.floats(capacity * pooledSize),
        argmax: arena.ints(capacity * pooledSize),
        dOut: arena.floats(capacity * pooledSize),
        dz: arena.floats(capacity * convSize),
        wt: arena.floats(conv.patch * conv.cout),
        dwts: Array.from({ length: threads }, () => arena.floats(conv.patch * conv.cout)),
        bn: arch.batchNorm ? new ConvBatchNormBuffers(arena, b.filters) : null,
      };
    });
    this.cols = Array.from({ length: threads }, () => arena.floats(patches));
    this.dcols = Array.from({ length: threads }, () => arena.floats(patches));
    const last = this.layers[this.layers.length - 1];
    const dropout = arch.dropout > 0;
    this.flat = dropout ? arena.floats(capacity * arch.flatSize) : last.out;
    this.flatMask = dropout ? arena.floats(capacity * arch.flatSize) : null;
    this.dFlat = dropout ? arena.floats(capacity * arch.flatSize) : last.dOut;
    this.dense = arch.hidden.map((n) => {
      const size = capacity * n;
      const h = arena.floats(size);
      return {
        h,
        xhat: arch.batchNorm ? arena.floats(size) : null,
        out: arch.batchNorm || dropout ? arena.floats(size) : h,
        mask: dropout ? arena.floats(size) : null,
        dOut: arena.floats(size),
      };
    });
    const sizes = [...arch.hidden, arch.classes];
    this.denseWt = sizes.map((n, i) => arena.floats((i === 0 ? arch.flatSize : sizes[i - 1]) * n));
    this.logits = arena.floats(capacity * arch.classes);
    this.dlogits = arena.floats(capacity * arch.classes);
  }

  /** Copies the images and labels of samples order[start..start+rows) (start..start+rows when order is null). */
  gather(images: Float32Array, labels: Uint8Array, inputSize: number, order: Uint32Array | null, start: number, rows: number): void {
    const x = this.x;
    for (let r = 0; r < rows; r++) {
      const sample = order === null ? start + r : order[start + r];
      const src = sample * inputSize;
      const dst = r * inputSize;
      for (let k = 0; k < inputSize; k++) x[dst + k] = images[src + k];
      this.labels[r] = labels[sample];
    }
  }
}

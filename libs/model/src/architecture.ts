// The two families' shapes, derived from the hyperparameters, and their weights in Keras order with Keras's initial values.
import { type Hyperparams, IMAGE_SIZE, convBlockShapes } from '@mnist-lab/contracts';
import type { Rng } from './rng';

export const PIXELS = 784;
export const CLASSES = 10;
/** Keras BatchNormalization defaults. */
export const BN_MOMENTUM = 0.99;
export const BN_EPSILON = 1e-3;

export type Activation = Hyperparams['activation'];

interface DenseHead {
  /** Dense hidden layers (after Flatten in a CNN), then Dense(classes) logits. */
  hidden: readonly number[];
  classes: number;
  activation: Activation;
  batchNorm: boolean;
  dropout: number;
}

export interface MlpArchitecture extends DenseHead {
  family: 'mlp';
  inputSize: number;
}

/** One Conv2D (stride 1) -> [BatchNorm] -> activation -> MaxPooling2D block; sides of square maps. */
export interface ConvBlock {
  filters: number;
  kernel: number;
  padding: 'valid' | 'same';
  pool: number;
  inSide: number;
  inChannels: number;
  convSide: number;
  pooledSide: number;
}

export interface CnnArchitecture extends DenseHead {
  family: 'cnn';
  /** The flat [784] pixels, read as a 28x28x1 image (NHWC, as tfjs). */
  inputSize: number;
  image: number;
  blocks: readonly ConvBlock[];
  /** Values per sample after Flatten: the last block's pooledSide^2 * filters. */
  flatSize: number;
}

export type Architecture = MlpArchitecture | CnnArchitecture;

export function architectureOf(h: Hyperparams, inputSize: number = PIXELS): Architecture {
  const head = { hidden: [...h.hiddenUnits], classes: CLASSES, activation: h.activation, batchNorm: h.batchNorm, dropout: h.dropout };
  if (h.arch === 'mlp') return { family: 'mlp', inputSize, ...head };
  // The schema fills these for every parsed CNN config.
  const filters = h.convFilters ?? [];
  const kernel = h.kernelSize ?? 3;
  const pool = h.poolSize ?? 2;
  const padding = h.padding ?? 'valid';
  const shapes = convBlockShapes(filters.length, kernel, pool, padding);
  const blocks = filters.map((f, i): ConvBlock => ({
    filters: f, kernel, padding, pool,
    inSide: shapes[i].input, inChannels: i === 0 ? 1 : filters[i - 1], convSide: shapes[i].conv, pooledSide: shapes[i].pooled,
  }));
  const last = blocks[blocks.length - 1];
  return { family: 'cnn', inputSize: PIXELS, image: IMAGE_SIZE, blocks, flatSize: last.pooledSide * last.pooledSide * last.filters, ...head };
}

export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

export interface WeightSpec {
  /** Index of the layer it belongs to: conv blocks first (CNN), then hidden Dense blocks, the logits layer last. */
  layer: number;
  role: WeightRole;
  /** [in, out] for a Dense kernel, [k, k, in, out] for a Conv2D kernel (Keras's layouts), [n] otherwise. */
  shape: number[];
  trainable: boolean;
}

function batchNormSpecs(layer: number, n: number): WeightSpec[] {
  return [
    { layer, role: 'gamma', shape: [n], trainable: true },
    { layer, role: 'beta', shape: [n], trainable: true },
    { layer, role: 'moving_mean', shape: [n], trainable: false },
    { layer, role: 'moving_variance', shape: [n], trainable: false },
  ];
}

/**
 * Every weight in the order Keras's `get_weights()` lists them for the equivalent Sequential model. A Conv2D followed
 * by BatchNorm has no bias (use_bias=False, as Keras users write it: BN's beta takes its place).
 */
export function weightSpecs(arch: Architecture): WeightSpec[] {
  const specs: WeightSpec[] = [];
  let fanIn = arch.inputSize;
  let layer = 0;
  if (arch.family === 'cnn') {
    for (const b of arch.blocks) {
      specs.push({ layer, role: 'kernel', shape: [b.kernel, b.kernel, b.inChannels, b.filters], trainable: true });
      if (arch.batchNorm) specs.push(...batchNormSpecs(layer, b.filters));
      else specs.push({ layer, role: 'bias', shape: [b.filters], trainable: true });
      layer++;
    }
    fanIn = arch.flatSize;
  }
  const sizes = [...arch.hidden, arch.classes];
  sizes.forEach((units, i) => {
    specs.push({ layer, role: 'kernel', shape: [fanIn, units], trainable: true });
    specs.push({ layer, role: 'bias', shape: [units], trainable: true });
    if (arch.batchNorm && i < arch.hidden.length) specs.push(...batchNormSpecs(layer, units));
    fanIn = units;
    layer++;
  });
  return specs;
}

export function sizeOf(spec: WeightSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

/** Keras's glorot_uniform fans: a conv kernel [k, k, in, out] has fan_in k*k*in and fan_out k*k*out. */
function fans(shape: number[]): [number, number] {
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [receptive * shape[shape.length - 2], receptive * shape[shape.length - 1]];
}

/** Keras's defaults: Glorot-uniform kernels, zero biases and betas, unit gammas, moving mean 0 and variance 1. */
export function initialWeights(arch: Architecture, rng: Rng): Float32Array[] {
  return weightSpecs(arch).map((spec) => {
    const w = new Float32Array(sizeOf(spec));
    if (spec.role === 'kernel') {
      const [fanIn, fanOut] = fans(spec.shape);
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * limit;
    } else if (spec.role === 'gamma' || spec.role === 'moving_variance') {
      w.fill(1);
    }
    return w;
  });
}

/** Throws a one-line error when `weights` do not fit `arch` (wrong count or sizes). */
export function checkWeights(arch: Architecture, weights: readonly Float32Array[]): void {
  const specs = weightSpecs(arch);
  if (weights.length !== specs.length) {
    throw new Error(`expected ${specs.length} weight arrays for this architecture, got ${weights.length}`);
  }
  specs.forEach((spec, i) => {
    if (weights[i].length !== sizeOf(spec)) {
      throw new Error(`weight ${i} (layer ${spec.layer} ${spec.role}) has ${weights[i].length} values, expected ${sizeOf(spec)}`);
    }
  });
}

// The MLP family's shape, derived from the hyperparameters, and its weights in Keras order with Keras's initial values.
import type { Hyperparams } from '@mnist-lab/metrics';
import type { Rng } from './rng';

export const PIXELS = 784;
export const CLASSES = 10;
/** Keras BatchNormalization defaults. */
export const BN_MOMENTUM = 0.99;
export const BN_EPSILON = 1e-3;

export type Activation = Hyperparams['activation'];

export interface Architecture {
  inputSize: number;
  hidden: readonly number[];
  classes: number;
  activation: Activation;
  batchNorm: boolean;
  dropout: number;
}

export function architectureOf(h: Hyperparams, inputSize: number = PIXELS): Architecture {
  return {
    inputSize,
    hidden: [...h.hiddenUnits],
    classes: CLASSES,
    activation: h.activation,
    batchNorm: h.batchNorm,
    dropout: h.dropout,
  };
}

export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

export interface WeightSpec {
  /** Index of the Dense layer it belongs to (hidden blocks first, the logits layer last). */
  layer: number;
  role: WeightRole;
  shape: [number] | [number, number];
  trainable: boolean;
}

/** Every weight in the order Keras's `get_weights()` lists them for the equivalent Sequential model. */
export function weightSpecs(arch: Architecture): WeightSpec[] {
  const specs: WeightSpec[] = [];
  let fanIn = arch.inputSize;
  const sizes = [...arch.hidden, arch.classes];
  sizes.forEach((units, layer) => {
    specs.push({ layer, role: 'kernel', shape: [fanIn, units], trainable: true });
    specs.push({ layer, role: 'bias', shape: [units], trainable: true });
    if (arch.batchNorm && layer < arch.hidden.length) {
      specs.push({ layer, role: 'gamma', shape: [units], trainable: true });
      specs.push({ layer, role: 'beta', shape: [units], trainable: true });
      specs.push({ layer, role: 'moving_mean', shape: [units], trainable: false });
      specs.push({ layer, role: 'moving_variance', shape: [units], trainable: false });
    }
    fanIn = units;
  });
  return specs;
}

export function sizeOf(spec: WeightSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

/** Keras's defaults: Glorot-uniform kernels, zero biases and betas, unit gammas, moving mean 0 and variance 1. */
export function initialWeights(arch: Architecture, rng: Rng): Float32Array[] {
  return weightSpecs(arch).map((spec) => {
    const w = new Float32Array(sizeOf(spec));
    if (spec.role === 'kernel') {
      const [fanIn, fanOut] = spec.shape as [number, number];
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

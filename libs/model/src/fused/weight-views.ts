// Views of a network's weights in Keras order over the engine's parameter vector, and each layer's share of them.
import { type WeightSpec, sizeOf } from '../architecture';
import type { Vec } from './kernels';
import type { FloatArrayCtor } from './workspace';

export interface WeightViews {
  /** Every weight in Keras order: views into theta, or the BatchNorm moving statistics (not trained). */
  weights: Vec[];
  /** The gradient view of each weight in `weights`, null for the moving statistics. */
  grads: (Vec | null)[];
}

/** `moving`: where the moving statistics live (carved in Keras order; the MLP's shared memory), else arrays of their own. */
export function weightViews(specs: readonly WeightSpec[], theta: Vec, grad: Vec, Float: FloatArrayCtor, moving?: Vec): WeightViews {
  const weights: Vec[] = [];
  const grads: (Vec | null)[] = [];
  let offset = 0;
  let movingOffset = 0;
  for (const spec of specs) {
    const size = sizeOf(spec);
    if (spec.trainable) {
      weights.push(theta.subarray(offset, offset + size));
      grads.push(grad.subarray(offset, offset + size));
      offset += size;
    } else {
      weights.push(moving === undefined ? new Float(size) : moving.subarray(movingOffset, movingOffset + size));
      grads.push(null);
      movingOffset += size;
    }
  }
  return { weights, grads };
}

export interface BatchNormViews {
  gamma: Vec; beta: Vec; movMean: Vec; movVar: Vec; dgamma: Vec; dbeta: Vec;
}

export interface LayerViews {
  w: Vec;
  dw: Vec;
  /** Null for a conv block followed by BatchNorm (no bias). */
  b: Vec | null;
  db: Vec | null;
  bn: BatchNormViews | null;
}

/** Layer `layer`'s kernel, bias and BatchNorm weights with their gradients. */
export function layerViews(specs: readonly WeightSpec[], v: WeightViews, layer: number): LayerViews {
  const at = (role: WeightSpec['role']) => specs.findIndex((s) => s.layer === layer && s.role === role);
  const [k, b, gamma] = [at('kernel'), at('bias'), at('gamma')];
  const bn = gamma < 0
    ? null
    : {
        gamma: v.weights[gamma], beta: v.weights[at('beta')], dgamma: v.grads[gamma] as Vec, dbeta: v.grads[at('beta')] as Vec,
        movMean: v.weights[at('moving_mean')], movVar: v.weights[at('moving_variance')],
      };
  return { w: v.weights[k], dw: v.grads[k] as Vec, b: b < 0 ? null : v.weights[b], db: b < 0 ? null : v.grads[b], bn };
}

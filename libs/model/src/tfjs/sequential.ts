// The network as a tfjs Sequential model: the tfjs engine trains it, and every export (either engine) serializes it.
import type { LayersModel, Sequential } from '@tensorflow/tfjs';
import { type Architecture, BN_EPSILON, BN_MOMENTUM, checkWeights, weightSpecs } from '../architecture';
import type { Tf } from './backend';

/**
 * Dense -> activation -> BatchNorm -> Dropout per hidden block, then Dense logits (linear). The input is the flat
 * [784] pixel vector (row-major 28x28 in [0, 1]) rather than [28, 28] behind a Flatten layer: it is what the
 * trainer's data already is, and a Flatten layer would add nothing but a reshape.
 */
export function buildSequential(tf: Tf, arch: Architecture): Sequential {
  const model = tf.sequential({ name: 'mnist_lab_mlp' });
  arch.hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: arch.activation,
        name: `dense_${i + 1}`,
        // Real weights are set right after: skip tfjs's (unseeded) random initializer.
        kernelInitializer: 'zeros',
        ...(i === 0 ? { inputShape: [arch.inputSize] } : {}),
      }),
    );
    if (arch.batchNorm) {
      model.add(tf.layers.batchNormalization({ momentum: BN_MOMENTUM, epsilon: BN_EPSILON, name: `batch_normalization_${i + 1}` }));
    }
    if (arch.dropout > 0) model.add(tf.layers.dropout({ rate: arch.dropout, name: `dropout_${i + 1}` }));
  });
  model.add(tf.layers.dense({ units: arch.classes, activation: 'linear', name: 'logits', kernelInitializer: 'zeros' }));
  return model;
}

/**
 * Copies Keras-ordered weights into the model, layer by layer: a tfjs model's own weight list puts every trainable
 * weight before the BatchNorm moving statistics, so model.setWeights would take another order.
 */
export function setModelWeights(tf: Tf, model: LayersModel, arch: Architecture, weights: readonly Float32Array[]): void {
  checkWeights(arch, weights);
  const specs = weightSpecs(arch);
  let i = 0;
  for (const layer of model.layers) {
    const count = layer.weights.length;
    const tensors = weights.slice(i, i + count).map((w, k) => tf.tensor(w, specs[i + k].shape, 'float32'));
    layer.setWeights(tensors);
    tf.dispose(tensors);
    i += count;
  }
}

/** Copies of the model's weights, Keras order (layer by layer). */
export function getModelWeights(model: LayersModel): Float32Array[] {
  return model.layers.flatMap((layer) => layer.getWeights().map((t) => Float32Array.from(t.dataSync())));
}

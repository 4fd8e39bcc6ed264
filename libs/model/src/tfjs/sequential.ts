// The network as a tfjs Sequential model: the tfjs engine trains it, and every export (either engine) serializes it.
import type { LayersModel, Sequential } from '@tensorflow/tfjs';
import { type Architecture, BN_EPSILON, BN_MOMENTUM, checkWeights, weightSpecs } from '../architecture';
import { layerPlan } from '../layers';
import type { Tf } from './backend';

/** The model layerPlan describes, as a tfjs Sequential taking the flat [784] pixels (row-major 28x28 in [0, 1]). */
export function buildSequential(tf: Tf, arch: Architecture): Sequential {
  const model = tf.sequential({ name: `mnist_lab_${arch.family}` });
  layerPlan(arch).forEach((l, i) => {
    const common = { name: l.name, ...(i === 0 ? { inputShape: [arch.inputSize] } : {}) };
    // Real weights are set right after: kernelInitializer 'zeros' skips tfjs's (unseeded) random initializer.
    switch (l.type) {
      case 'Reshape':
        return model.add(tf.layers.reshape({ ...common, targetShape: l.outputShape }));
      case 'Conv2D':
        return model.add(tf.layers.conv2d({
          ...common, filters: l.filters, kernelSize: l.kernel, padding: l.padding, activation: l.activation, useBias: l.useBias, kernelInitializer: 'zeros',
        }));
      case 'BatchNormalization':
        return model.add(tf.layers.batchNormalization({ ...common, momentum: BN_MOMENTUM, epsilon: BN_EPSILON }));
      case 'Activation':
        return model.add(tf.layers.activation({ ...common, activation: l.activation }));
      case 'MaxPooling2D':
        return model.add(tf.layers.maxPooling2d({ ...common, poolSize: l.pool }));
      case 'Flatten':
        return model.add(tf.layers.flatten(common));
      case 'Dropout':
        return model.add(tf.layers.dropout({ ...common, rate: l.rate }));
      case 'Dense':
        return model.add(tf.layers.dense({ ...common, units: l.units, activation: l.activation, kernelInitializer: 'zeros' }));
    }
  });
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

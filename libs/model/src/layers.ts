// The network as a list of Keras/tfjs layers with their names, output shapes and parameter counts: the one
// description that the tfjs model (export, tfjs engine) and the run's layer table are both built from.
import type { Architecture as LayerTable, Hyperparams } from '@mnist-lab/contracts';
import { type Architecture, type Activation, PIXELS, architectureOf } from './architecture';

interface Common {
  name: string;
  /** Without the batch dimension. */
  outputShape: number[];
  params: number;
}

export type PlannedLayer = Common &
  (
    | { type: 'Reshape' }
    | { type: 'Conv2D'; filters: number; kernel: number; padding: 'valid' | 'same'; activation: Activation | 'linear'; useBias: boolean }
    | { type: 'BatchNormalization' }
    | { type: 'Activation'; activation: Activation }
    | { type: 'MaxPooling2D'; pool: number }
    | { type: 'Flatten' }
    | { type: 'Dropout'; rate: number }
    | { type: 'Dense'; units: number; activation: Activation | 'linear' }
  );

/**
 * MLP: Dense(activation) -> [BatchNorm] -> [Dropout] per hidden block, then Dense logits; the input is the flat [784].
 * CNN: Reshape [784] -> [28, 28, 1] first (what the trainer's data and the playground's canvas already are), then
 * per block Conv2D -> [BatchNorm -> Activation] -> MaxPooling2D, then Flatten -> [Dropout] and the MLP's Dense blocks.
 * With BatchNorm the Conv2D is linear and bias-free and BN sits before the activation, the order Keras users write
 * (Conv2D(use_bias=False), BatchNormalization, Activation): it normalizes what the conv computed, not a ReLU's
 * half-zero output. The Dense blocks keep the MLP's order, so a CNN's head is the MLP family's own.
 */
export function layerPlan(arch: Architecture): PlannedLayer[] {
  const layers: PlannedLayer[] = [];
  let bn = 0;
  let dropout = 0;
  const addDropout = (shape: number[]) => {
    if (arch.dropout > 0) layers.push({ type: 'Dropout', name: `dropout_${++dropout}`, outputShape: shape, params: 0, rate: arch.dropout });
  };
  let fanIn = PIXELS;
  if (arch.family === 'cnn') {
    layers.push({ type: 'Reshape', name: 'reshape', outputShape: [arch.image, arch.image, 1], params: 0 });
    arch.blocks.forEach((b, i) => {
      const conv = [b.convSide, b.convSide, b.filters];
      const kernelParams = b.kernel * b.kernel * b.inChannels * b.filters;
      const activation = arch.batchNorm ? 'linear' : arch.activation;
      const useBias = !arch.batchNorm;
      layers.push({
        type: 'Conv2D', name: `conv2d_${i + 1}`, outputShape: conv, params: kernelParams + (useBias ? b.filters : 0),
        filters: b.filters, kernel: b.kernel, padding: b.padding, activation, useBias,
      });
      if (arch.batchNorm) {
        layers.push({ type: 'BatchNormalization', name: `batch_normalization_${++bn}`, outputShape: conv, params: 4 * b.filters });
        layers.push({ type: 'Activation', name: `activation_${i + 1}`, outputShape: conv, params: 0, activation: arch.activation });
      }
      layers.push({ type: 'MaxPooling2D', name: `max_pooling2d_${i + 1}`, outputShape: [b.pooledSide, b.pooledSide, b.filters], params: 0, pool: b.pool });
    });
    layers.push({ type: 'Flatten', name: 'flatten', outputShape: [arch.flatSize], params: 0 });
    addDropout([arch.flatSize]);
    fanIn = arch.flatSize;
  }
  arch.hidden.forEach((units, i) => {
    layers.push({ type: 'Dense', name: `dense_${i + 1}`, outputShape: [units], params: fanIn * units + units, units, activation: arch.activation });
    // gamma and beta train; the moving mean and variance are counted too, as Keras's summary() does.
    if (arch.batchNorm) layers.push({ type: 'BatchNormalization', name: `batch_normalization_${++bn}`, outputShape: [units], params: 4 * units });
    addDropout([units]);
    fanIn = units;
  });
  layers.push({ type: 'Dense', name: 'logits', outputShape: [arch.classes], params: fanIn * arch.classes + arch.classes, units: arch.classes, activation: 'linear' });
  return layers;
}

/**
 * The layer whose output the logits layer reads, for the embedding map: the last Dense block's (its BatchNorm's when
 * it has one), or a CNN's Flatten without Dense blocks. Dropout is the identity at inference, so it is skipped.
 */
export function lastHiddenLayer(arch: Architecture): { name: string; width: number } {
  const layers = layerPlan(arch).filter((l) => l.type !== 'Dropout');
  const last = layers[layers.length - 2];
  if (last === undefined) return { name: 'input', width: PIXELS };
  return { name: last.name, width: last.outputShape.reduce((n, d) => n * d, 1) };
}

function detail(l: PlannedLayer): string | undefined {
  switch (l.type) {
    case 'Reshape':
      return `from [${PIXELS}]`;
    case 'Conv2D':
      return `${l.filters} filters ${l.kernel}x${l.kernel}${l.padding === 'same' ? ' same' : ''}, ${l.activation}`;
    case 'Activation':
      return l.activation;
    case 'MaxPooling2D':
      return `pool ${l.pool}x${l.pool}`;
    case 'Dropout':
      return `rate ${l.rate}`;
    case 'Dense':
      return `${l.units} units, ${l.activation}`;
    default:
      return undefined;
  }
}

/** The run's architecture as the layer table libs/contracts's ArchitectureSchema describes, for either family. */
export function layerTable(h: Hyperparams): LayerTable {
  const layers = layerPlan(architectureOf(h)).map((l) => {
    const d = detail(l);
    return { type: l.type, name: l.name, outputShape: l.outputShape, params: l.params, ...(d === undefined ? {} : { detail: d }) };
  });
  return { family: h.arch, layers, totalParams: layers.reduce((n, l) => n + l.params, 0) };
}

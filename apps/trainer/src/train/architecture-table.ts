// The trainer's network as the run's layer table: Dense -> BatchNormalization -> Dropout per hidden block, then the logits.
// It mirrors libs/model's tfjs Sequential (tfjs/sequential.ts) layer for layer, names included, with Keras's counts.
import type { Architecture, Hyperparams } from '@mnist-lab/metrics';

const PIXELS = 784;
const CLASSES = 10;

/** The MLP family's table; undefined for another family (a CNN's table comes with its model, not from this mirror). */
export function architectureTable(hp: Hyperparams): Architecture | undefined {
  if (hp.arch !== 'mlp') return undefined;
  const layers: Architecture['layers'] = [];
  let fanIn = PIXELS;
  hp.hiddenUnits.forEach((units, i) => {
    layers.push({ type: 'Dense', name: `dense_${i + 1}`, outputShape: [units], params: fanIn * units + units, detail: `${units} units, ${hp.activation}` });
    // gamma and beta train; the moving mean and variance are counted too, as Keras's summary() does.
    if (hp.batchNorm) layers.push({ type: 'BatchNormalization', name: `batch_normalization_${i + 1}`, outputShape: [units], params: 4 * units });
    if (hp.dropout > 0) layers.push({ type: 'Dropout', name: `dropout_${i + 1}`, outputShape: [units], params: 0, detail: `rate ${hp.dropout}` });
    fanIn = units;
  });
  layers.push({ type: 'Dense', name: 'logits', outputShape: [CLASSES], params: fanIn * CLASSES + CLASSES, detail: `${CLASSES} units, linear` });
  return { family: 'mlp', layers, totalParams: layers.reduce((n, l) => n + l.params, 0) };
}

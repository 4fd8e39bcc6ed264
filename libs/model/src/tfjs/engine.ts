// The tfjs engine (backends tfjs-node, wasm, cpu): the same network as a tf.LayersModel, trained by a custom step.
import type { LayersModel, Optimizer, Scalar, Sequential, SymbolicTensor, Tensor, Variable } from '@tensorflow/tfjs';
import type { Hyperparams } from '@mnist-lab/contracts';
import type { Architecture } from '../architecture';
import { layerPlan } from '../layers';
import { softmaxCrossEntropy } from '../fused/kernels';
import type { Rng } from '../rng';
import type { BatchStats, Engine, Evaluation, TrainData } from '../types';
import { type Tf, type TfjsBackend, activateTfjsBackend } from './backend';
import { buildSequential, getModelWeights, setModelWeights } from './sequential';

const EVAL_CHUNK = 1024;
/** Keras defaults, as in the fused engine. */
const EPSILON = 1e-7;

function createOptimizer(tf: Tf, kind: Hyperparams['optimizer'], lr: number): Optimizer {
  switch (kind) {
    case 'adam':
      return tf.train.adam(lr, 0.9, 0.999, EPSILON);
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(lr, 0.9, 0, EPSILON);
  }
}

/**
 * tfjs optimizers fix the learning rate at construction; SGD and Momentum expose setLearningRate, Adam and RMSProp
 * read a protected `learningRate` field at every step, which is the only way to lower it without losing their moments.
 */
function setOptimizerLearningRate(optimizer: Optimizer, lr: number): void {
  const o = optimizer as Optimizer & { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

class TfjsEngine implements Engine {
  private lr: number;
  private readonly model: Sequential;
  private readonly optimizer: Optimizer;
  private readonly variables: Variable[];
  /** Values per sample entering each Dropout layer (all flat: after Flatten or a Dense block). */
  private readonly dropoutSizes: number[];

  constructor(
    private readonly tf: Tf,
    readonly backend: TfjsBackend,
    private readonly arch: Architecture,
    h: Hyperparams,
    private readonly rng: Rng,
    initial: readonly Float32Array[],
  ) {
    this.lr = h.learningRate;
    this.model = buildSequential(tf, arch);
    setModelWeights(tf, this.model, arch, initial);
    this.optimizer = createOptimizer(tf, h.optimizer, h.learningRate);
    // A LayerVariable's read() returns the tf.Variable it wraps, typed as its Tensor supertype.
    this.variables = this.model.trainableWeights.map((w) => w.read() as Variable);
    this.dropoutSizes = layerPlan(arch).flatMap((l) => (l.type === 'Dropout' ? [l.outputShape[0]] : []));
  }

  get learningRate(): number {
    return this.lr;
  }

  set learningRate(lr: number) {
    this.lr = lr;
    setOptimizerLearningRate(this.optimizer, lr);
  }

  trainBatch(data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats): void {
    const { tf, arch } = this;
    const rows = end - start;
    const x = new Float32Array(rows * arch.inputSize);
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      const s = order[start + r];
      x.set(data.images.subarray(s * arch.inputSize, (s + 1) * arch.inputSize), r * arch.inputSize);
      labels[r] = data.labels[s];
    }
    // Dropout masks come from the run's PRNG (tfjs's own dropout draws from an unseeded generator), layer by layer.
    const masks = this.dropoutSizes.map((n) => this.dropoutMask(rows * n));
    let logits: Tensor | null = null;
    const cost = tf.tidy(() => {
      const xs = tf.tensor2d(x, [rows, arch.inputSize]);
      const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), arch.classes);
      const maskTensors = masks.map((m, i) => tf.tensor2d(m, [rows, this.dropoutSizes[i]]));
      const loss = this.optimizer.minimize(
        () => {
          let h: Tensor = xs;
          let m = 0;
          for (const layer of this.model.layers) {
            if (layer.getClassName() === 'Dropout') h = tf.mul(h, maskTensors[m++]);
            else h = layer.apply(h, { training: true }) as Tensor;
          }
          logits = tf.keep(h);
          return tf.losses.softmaxCrossEntropy(ys, h) as Scalar;
        },
        true,
        this.variables,
      );
      if (loss === null) throw new Error('the tfjs training step returned no loss');
      return loss;
    });
    // Assigned inside the closure above, which TypeScript's narrowing cannot see.
    const kept = logits as unknown as Tensor;
    const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(kept, 1), tf.tensor1d(labels, 'int32')), 'int32')));
    out.lossSum = cost.dataSync()[0] * rows;
    out.correct = hits.dataSync()[0];
    tf.dispose([cost, kept, hits]);
  }

  private dropoutMask(size: number): Float32Array {
    const rate = this.arch.dropout;
    const scale = 1 / (1 - rate);
    const mask = new Float32Array(size);
    for (let i = 0; i < size; i++) mask[i] = this.rng.next() < rate ? 0 : scale;
    return mask;
  }

  evaluate(data: TrainData, hidden?: Float32Array): Evaluation {
    const { tf, arch } = this;
    const probabilities = new Float32Array(data.count * arch.classes);
    const predictions = new Uint8Array(data.count);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    const model = hidden ? this.withHidden() : this.model;
    for (let start = 0; start < data.count; start += EVAL_CHUNK) {
      const rows = Math.min(EVAL_CHUNK, data.count - start);
      const x = data.images.slice(start * arch.inputSize, (start + rows) * arch.inputSize);
      const logits = tf.tidy(() => {
        const out = model.predict(tf.tensor2d(x, [rows, arch.inputSize]));
        if (!Array.isArray(out)) return out.dataSync();
        hidden?.set(out[0].dataSync(), start * (hidden.length / data.count));
        return out[1].dataSync();
      });
      softmaxCrossEntropy(logits as Float32Array, rows, arch.classes, data.labels, start, null, probabilities, predictions, start, stats);
    }
    return { loss: stats.lossSum / data.count, accuracy: stats.correct / data.count, predictions, probabilities };
  }

  private hiddenModel?: LayersModel;

  /**
   * The same layers with a second output, the one the logits layer reads (a Dropout's is its input's at inference),
   * so one predict gives both: no second forward pass.
   */
  private withHidden(): LayersModel {
    const layers = this.model.layers;
    this.hiddenModel ??= this.tf.model({ inputs: this.model.inputs, outputs: [layers[layers.length - 2].output as SymbolicTensor, this.model.outputs[0]] });
    return this.hiddenModel;
  }

  getWeights(): Float32Array[] {
    return getModelWeights(this.model);
  }

  setWeights(weights: readonly Float32Array[]): void {
    setModelWeights(this.tf, this.model, this.arch, weights);
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}

export async function createTfjsEngine(
  backend: TfjsBackend, arch: Architecture, h: Hyperparams, rng: Rng, initial: readonly Float32Array[],
): Promise<Engine> {
  if (arch.family === 'cnn' && backend === 'wasm') {
    throw new Error('backend "wasm" cannot train a CNN: tfjs\'s wasm backend has no Conv2DBackpropFilter kernel (use --backend fused or cpu)');
  }
  const tf = await activateTfjsBackend(backend);
  return new TfjsEngine(tf, backend, arch, h, rng, initial);
}

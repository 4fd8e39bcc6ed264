// A tfjs model as a predict(batch, n) function: digits shaped as its input layer wants them, tfjs loaded only when used.

/** A tfjs tensor, as far as prediction touches it. */
export interface TensorLike {
  data(): Promise<ArrayLike<number>>;
  dispose(): void;
}

/** Anything that predicts the way a tfjs LayersModel does; `inputs[0].shape` tells how a digit must be laid out. */
export interface PredictingModel {
  predict(x: TensorLike | TensorLike[]): TensorLike | TensorLike[];
  inputs?: readonly { shape: readonly (number | null)[] }[];
}

export type PredictBatch = (batch: Float32Array, n: number) => ArrayLike<number> | Promise<ArrayLike<number>>;

interface TfjsLike {
  tensor(values: Float32Array, shape: number[], dtype: 'float32'): TensorLike;
  model?(config: { inputs: unknown; outputs: unknown[] }): PredictingModel;
}

/** A tfjs LayersModel's layers and symbolic tensors, as far as building a second output needs them. */
interface LayeredModel extends PredictingModel {
  layers: readonly { name: string; getClassName(): string; output: unknown; outputShape: unknown }[];
  outputs: readonly unknown[];
}

const isLayered = (m: PredictingModel): m is LayeredModel => {
  const l = (m as Partial<LayeredModel>).layers;
  return Array.isArray(l) && l.length >= 2 && Array.isArray((m as Partial<LayeredModel>).outputs);
};

/** A batch's classifier output and, from the same predict, the last hidden layer's. */
export interface HiddenPredict {
  layer: string;
  width: number;
  predict(batch: Float32Array, n: number): Promise<{ out: ArrayLike<number>; hidden: ArrayLike<number> }>;
}

/**
 * The model with a second output, what its last layer reads (a Dropout's output is its input's at inference, so the
 * layer is named after the one before it), so one predict answers both; undefined for a model that is no layers
 * model or whose last layer reads several tensors.
 */
export async function tfjsHiddenPredict(model: PredictingModel): Promise<HiddenPredict | undefined> {
  if (!isLayered(model)) return undefined;
  const tf = await loadTfjs();
  const { layers } = model;
  const reads = layers[layers.length - 2];
  const shape = reads.outputShape;
  if (!Array.isArray(shape) || shape.slice(1).some((d) => typeof d !== 'number') || typeof tf.model !== 'function') return undefined;
  const width = (shape.slice(1) as number[]).reduce((a, d) => a * d, 1);
  let named = layers.length - 2;
  while (named > 0 && layers[named].getClassName() === 'Dropout') named--;
  const twoOutputs = tf.model({ inputs: model.inputs, outputs: [reads.output, model.outputs[0]] });
  const digit = digitShape(model);
  return {
    layer: layers[named].name,
    width,
    async predict(batch, n) {
      const x = tf.tensor(batch, [n, ...digit], 'float32');
      let outputs: TensorLike[] = [];
      try {
        const y = twoOutputs.predict(x);
        outputs = Array.isArray(y) ? y : [y];
        return { hidden: await outputs[0].data(), out: await outputs[1].data() };
      } finally {
        x.dispose();
        for (const t of outputs) t.dispose();
      }
    },
  };
}

/**
 * tfjs' engine is one global per process (tfjs-core keeps it on globalThis), so tensors made by the copy resolved
 * here run on the backend the user's script chose, even through tfjs-node. A variable specifier keeps bundlers from
 * inlining tfjs into the SDK: it stays the user's dependency.
 */
const TFJS_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core'];

async function loadTfjs(): Promise<TfjsLike> {
  for (const specifier of TFJS_PACKAGES) {
    try {
      const tf = (await import(/* @vite-ignore */ specifier)) as Partial<TfjsLike>;
      if (typeof tf.tensor === 'function') return tf as TfjsLike;
    } catch {
      // Not installed under this name: try the next one.
    }
  }
  throw new Error('evaluateMnistTest: a tfjs model needs @tensorflow/tfjs installed beside it (npm install @tensorflow/tfjs), or pass a predict(batch, n) function');
}

/** One digit's shape without the batch axis: [784], [28, 28], [28, 28, 1] and [1, 28, 28] all hold the same row-major bytes. */
export function digitShape(model: PredictingModel): number[] {
  const shape = model.inputs?.[0]?.shape;
  if (shape === undefined) return [784];
  const inner = shape.slice(1);
  if (inner.some((d) => d === null) || inner.reduce<number>((n, d) => n * (d ?? 0), 1) !== 784) {
    throw new Error(`evaluateMnistTest: the model's input shape [${shape.map(String).join(', ')}] does not hold one 28x28 digit ([784], [28, 28] or [28, 28, 1])`);
  }
  return inner as number[];
}

export async function tfjsPredictBatch(model: PredictingModel): Promise<PredictBatch> {
  if (typeof model?.predict !== 'function') {
    throw new TypeError('evaluateMnistTest: expected a tfjs LayersModel or a predict(batch, n) function');
  }
  const shape = digitShape(model);
  const tf = await loadTfjs();
  return async (batch, n) => {
    const x = tf.tensor(batch, [n, ...shape], 'float32');
    let outputs: TensorLike[] = [];
    try {
      const y = model.predict(x);
      outputs = Array.isArray(y) ? y : [y];
      // A model with several outputs: the first is the classifier's, as in Keras' model.predict order.
      return await outputs[0].data();
    } finally {
      x.dispose();
      for (const t of outputs) t.dispose();
    }
  };
}

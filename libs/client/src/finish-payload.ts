// Turns run.finish's options (typed arrays, a model) into the `finish` event: base64 test answers and a tfjs model artifact.
import { MAX_EMBEDDING_COUNT, MAX_MODEL_UPLOAD_BYTES, MNIST_TEST_COUNT, NUM_CLASSES, packEmbedding, type FinishRun, type ModelArtifact, type TestEmbedding } from '@mnist-lab/contracts';
import { isSaveableModel, modelArtifact, type SaveableModel } from './mnist/model-artifact';
import type { Embedding, FinishOptions, ModelFiles, TestPredictions } from './types';

const b64 = (a: Uint8Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function checkArray(name: string, a: unknown, type: typeof Uint8Array | typeof Float32Array, length: number): void {
  if (!(a instanceof type)) throw new Error(`run.finish: test.${name} must be a ${type.name} of ${length} values`);
  if (a.length !== length) throw new Error(`run.finish: test.${name} has ${a.length} values; expected ${length}, one per MNIST test digit in the files' order`);
}

/** Throws one line naming the first value that cannot be what a classifier answered. */
export function testResults(test: TestPredictions): NonNullable<FinishRun['test']> {
  checkArray('labels', test.labels, Uint8Array, MNIST_TEST_COUNT);
  checkArray('confidences', test.confidences, Float32Array, MNIST_TEST_COUNT);
  for (let i = 0; i < MNIST_TEST_COUNT; i++) {
    if (test.labels[i] >= NUM_CLASSES) throw new Error(`run.finish: test.labels[${i}] is ${test.labels[i]}; labels are digits 0-9`);
    const c = test.confidences[i];
    if (!(c >= 0 && c <= 1)) throw new Error(`run.finish: test.confidences[${i}] is ${c}; confidences are probabilities in [0, 1]`);
  }
  if (test.probabilities !== undefined) {
    checkArray('probabilities', test.probabilities, Float32Array, MNIST_TEST_COUNT * NUM_CLASSES);
    const i = test.probabilities.findIndex((p) => !(p >= 0 && p <= 1));
    if (i >= 0) throw new Error(`run.finish: test.probabilities[${i}] is ${test.probabilities[i]}; probabilities are in [0, 1]`);
  }
  if (test.loss !== undefined && !Number.isFinite(test.loss)) throw new Error(`run.finish: test.loss is ${test.loss}; expected a finite number`);
  return {
    labels: b64(test.labels),
    confidences: b64(test.confidences),
    ...(test.probabilities ? { probabilities: b64(test.probabilities) } : {}),
    ...(test.loss !== undefined ? { loss: test.loss } : {}),
  };
}

/** The embedding record; one line naming what does not fit. */
export function embeddingRecord(e: Embedding, testLabels: ArrayLike<number> | undefined): TestEmbedding {
  const where = 'run.finish: embedding';
  if (typeof e.layer !== 'string' || e.layer.trim() === '') throw new Error(`${where}.layer must name the layer`);
  if (!Number.isInteger(e.width) || e.width < 1) throw new Error(`${where}.width must be a positive integer, got ${e.width}`);
  if (!(e.activations instanceof Float32Array)) throw new Error(`${where}.activations must be a Float32Array`);
  const count = e.labels?.length ?? 0;
  if (count < 1 || count > MAX_EMBEDDING_COUNT) throw new Error(`${where}.labels: expected 1 to ${MAX_EMBEDDING_COUNT} labels, got ${count}`);
  if (e.activations.length !== count * e.width) throw new Error(`${where}.activations has ${e.activations.length} values; expected ${count} x ${e.width}`);
  const bad = e.activations.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new Error(`${where}.activations[${bad}] is ${e.activations[bad]}; expected finite numbers`);
  const predictions = e.predictions ?? testLabels;
  if (predictions?.length !== count) throw new Error(`${where}.predictions: expected ${count} predicted labels (or finish's test.labels), got ${predictions?.length ?? 'none'}`);
  for (const [name, a] of [['labels', e.labels], ['predictions', predictions]] as const) {
    for (let i = 0; i < count; i++) if (!(Number.isInteger(a[i]) && a[i] >= 0 && a[i] < NUM_CLASSES)) throw new Error(`${where}.${name}[${i}] is ${a[i]}; labels are digits 0-9`);
  }
  return packEmbedding(e.layer.trim(), e.activations, e.width, e.labels, predictions);
}

const isModelFiles = (m: unknown): m is ModelFiles => typeof m === 'object' && m !== null && 'modelJson' in m && 'weights' in m;

/** The model as the API stores it, or undefined (with the reason logged) when its weights are too large for one request. */
export async function modelUpload(model: ModelFiles | SaveableModel, log: (line: string) => void): Promise<ModelArtifact | undefined> {
  let files: ModelFiles;
  if (isModelFiles(model)) files = model;
  else if (isSaveableModel(model)) files = await modelArtifact(model);
  else throw new Error('run.finish: model must be a tfjs model or { modelJson, weights }');
  if (!(files.weights instanceof Uint8Array)) throw new Error('run.finish: model.weights must be a Uint8Array (the bytes of weights.bin)');
  if (files.weights.byteLength > MAX_MODEL_UPLOAD_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    log(`model: its weights are ${mb(files.weights.byteLength)}, over the ${mb(MAX_MODEL_UPLOAD_BYTES)} a run can upload; keep your own copy`);
    return undefined;
  }
  return { format: 'tfjs-layers', modelJson: files.modelJson, weights: b64(files.weights) };
}

export async function finishPayload(runId: string, options: FinishOptions, log: (line: string) => void): Promise<FinishRun> {
  const test = options.test ? testResults(options.test) : undefined;
  const model = options.model ? await modelUpload(options.model, log) : undefined;
  const given = options.embedding ?? options.test?.embedding;
  const embedding = given ? embeddingRecord(given, options.test?.labels) : undefined;
  return {
    runId,
    ...(test ? { test } : {}),
    ...(embedding ? { embedding } : {}),
    ...(model ? { model } : {}),
    ...(options.bestEpoch ? { bestEpoch: options.bestEpoch } : {}),
    stoppedEarly: options.stoppedEarly ?? false,
    endedAt: new Date().toISOString(),
  };
}

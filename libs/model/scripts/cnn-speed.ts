// Measures the fused engine on the Keras convnet: training samples/s at batch 128 over 10,000 digits (no validation
// in the timing), then optionally a short accuracy run (`--epochs N` on 54,000 digits, validated on the other 6,000,
// tested on the 10,000 test digits). Run from the repo root: npx tsx libs/model/scripts/cnn-speed.ts [--epochs 2]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveHyperparams } from '@mnist-lab/contracts';
import { type CnnArchitecture, architectureOf, initialWeights } from '../src/architecture';
import { ConvEngine } from '../src/fused/conv-engine';
import { Rng } from '../src/rng';
import { readMnist } from '../src/test-support/mnist-idx';
import { train } from '../src/train';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '10000' }, epochs: { type: 'string', default: '0' } } });
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const h = resolveHyperparams({ arch: 'cnn' });
const arch = architectureOf(h) as CnnArchitecture;
const samples = Number(values.samples);
const data = readMnist('train', 0, samples);
const order = Uint32Array.from({ length: samples }, (_, i) => i);
const engine = new ConvEngine(arch, { optimizer: h.optimizer, learningRate: h.learningRate, batchSize: h.batchSize }, new Rng(h.seed), initialWeights(arch, new Rng(h.seed)));
const stats = { lossSum: 0, correct: 0 };
console.log(`kernels: ${engine.kernels.kind}; load average before: ${load()}`);
const started = performance.now();
const cpu = process.cpuUsage().user;
for (let start = 0; start < samples; start += h.batchSize) engine.trainBatch(data, order, start, Math.min(samples, start + h.batchSize), stats);
const seconds = (performance.now() - started) / 1000;
const cpuSeconds = (process.cpuUsage().user - cpu) / 1e6;
console.log(`${samples} samples at batch ${h.batchSize}: ${(samples / seconds).toFixed(0)} samples/s (${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU); load average after: ${load()}`);

const epochs = Number(values.epochs);
if (epochs > 0) {
  const t0 = performance.now();
  const model = await train({
    hparams: resolveHyperparams({ arch: 'cnn', epochs }),
    backend: 'fused',
    train: readMnist('train', 0, 54000),
    validation: readMnist('train', 54000, 6000),
    onEpochEnd: (e) => console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, val_accuracy ${e.val_accuracy.toFixed(4)}, ${e.epoch_time.toFixed(1)} s`),
  });
  const test = model.evaluate(readMnist('t10k', 0, 10000));
  console.log(`${epochs} epochs in ${((performance.now() - t0) / 1000).toFixed(0)} s: test accuracy ${(100 * test.accuracy).toFixed(2)}%; load average: ${load()}`);
}

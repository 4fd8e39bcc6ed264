// The CLI as a user runs it: real processes, real MNIST, exit codes and files.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/mnist-lab.js', import.meta.url));
const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-home-'));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { encoding: 'utf8', env: { ...process.env, MNIST_LAB_HOME: home, MNIST_LAB_SERVER: 'http://127.0.0.1:9', ...env }, timeout: 300_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

function configFile(name: string, text: string): string {
  const file = path.join(home, name);
  writeFileSync(file, text);
  return file;
}

function expectUsageError(r: Result, message: RegExp) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
}

describe('mnist-lab CLI: bad input', () => {
  it.each([
    [['train', '--frobnicate'], /unknown option '--frobnicate'/],
    [['train', '--dropout', '1'], /--dropout: dropout must be in \[0, 1\)/],
    [['train', '--learning-rate', '0'], /--learning-rate: learning rate must be > 0/],
    [['train', '--batch-size', '0'], /--batch-size: batch size must be at least 1/],
    [['train', '--config', '/nonexistent/c.yaml'], /--config \/nonexistent\/c.yaml: no such file/],
    [['train', '--backend', 'gpu'], /argument 'gpu' is invalid/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['train', '--arch', 'cnn', '--kernel-size', '7', '--conv-filters', '8,8,8'], /--kernel-size: kernel 7 is larger than conv block 3's 2x2 input/],
    [['train', '--arch', 'cnn', '--conv-filters', '8,8,8,8', '--pool-size', '3', '--padding', 'same'], /--pool-size: pool 3 leaves nothing of conv block 4's 1x1 output/],
    [['train', '--arch', 'cnn', '--conv-filters', '32,0'], /--conv-filters: /],
    [['train', '--conv-filters', '32,64'], /--conv-filters: applies to arch cnn only/],
    [['train', '--arch', 'rnn'], /--arch: expected one of mlp, cnn, got 'rnn'/],
  ])('%j exits 2 with one line', async (args, message) => {
    expectUsageError(await run(args), message);
  }, 60_000);

  it('a broken config file exits 2 naming the file', async () => {
    const file = path.join(home, 'broken.yaml');
    writeFileSync(file, 'epochs: [1,\n');
    expectUsageError(await run(['train', '--config', file]), /broken.yaml: not valid JSON or YAML/);
  }, 60_000);

  it('missing MNIST data exits 2 naming the file', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'no-mnist-'));
    // The four files are read at once: whichever is found missing first is named.
    expectUsageError(await run(['train', '--offline'], { MNIST_DATA_DIR: empty }), /(train|t10k)-(images|labels)-idx[13]-ubyte: missing: no such file in /);
  }, 60_000);

  it('--help documents every hyperparameter with its default', async () => {
    const r = await run(['train', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--arch', '--conv-filters', '--kernel-size', '--pool-size', '--padding', '--hidden-units', '--dropout', '--learning-rate', '--batch-size', '--epochs', '--patience', '--lr-factor', '--min-lr', '--seed', '--backend', '--config']) {
      expect(r.stdout).toContain(flag);
    }
    // Both families' defaults: the reference MLP's, and the Keras convnet's where it differs (help wraps at 80 columns).
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('(default: 64,32; cnn: none)');
    expect(help).toContain('(default: 0.2; cnn: 0.5)');
    expect(help).toContain('(default: 32,64)');
  }, 60_000);
});

describe('mnist-lab train: a real short run', () => {
  const common = ['train', '--offline', '--quiet', '--epochs', '2', '--train-limit', '3000'];

  it('trains, reports test metrics and writes the run folder', async () => {
    const out = path.join(home, 'run-a');
    const r = await run([...common, '--out', out, '--name', 'short']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/backend: fused \(auto\)/);
    expect(r.stdout).toMatch(/test loss \d\.\d{4} · test accuracy \d+\.\d\d% · misclassified \d+ of 10000/);
    expect(r.stdout).toMatch(/confusion matrix/);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.history).toHaveLength(2);
    expect(summary.backend).toBe('fused');
    expect(summary.test.accuracy).toBeGreaterThan(0.8);
    expect(summary.test.misclassified).toHaveLength(summary.test.misclassifiedCount);
    expect(summary.test.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(10_000);
    const cmWrong = summary.test.confusionMatrix.flatMap((row: number[], i: number) => row.filter((_, j) => j !== i)).reduce((a: number, b: number) => a + b, 0);
    expect(cmWrong).toBe(summary.test.misclassifiedCount);
    expect(r.stdout).toContain(`misclassified ${summary.test.misclassifiedCount} of 10000`);
    for (const f of ['model/model.json', 'model/weights.bin', 'loss.svg', 'samples.svg']) expect(existsSync(path.join(out, f))).toBe(true);
    // Offline: every event is in the spool for `mnist-lab sync`.
    expect(r.stdout).toMatch(/\d+ events spooled/);
  }, 300_000);

  it('logs the run through the client: its whole config, its layers, batch and epoch points, the test answers and the model', async () => {
    const r = await run([...common, '--out', path.join(home, 'run-logged'), '--name', 'logged', '--config', configFile('log.yaml', 'logEvery: 2\ntags: [a]\n')]);
    expect(r.code).toBe(0);
    const spool = /offline: events spooled to (\S+\.jsonl)/.exec(r.stdout)?.[1] ?? '';
    const events = readFileSync(spool, 'utf8').trim().split('\n').map((l) => JSON.parse(l).event);
    const [create] = events;
    expect(create.kind).toBe('create');
    expect(create.payload).toMatchObject({ name: 'logged', backend: 'fused', tags: ['a'], config: { hiddenUnits: [64, 32], epochs: 2, trainLimit: 3000, learningRate: 0.001 } });
    expect(create.payload.command).toMatch(/^mnist-lab train --offline --quiet --epochs 2 --train-limit 3000 /);
    expect(create.payload.architecture).toMatchObject({ family: 'mlp', totalParams: 53_034 });
    expect(create.payload.architecture.layers.map((l: { type: string }) => l.type)).toEqual(['Dense', 'BatchNormalization', 'Dropout', 'Dense', 'BatchNormalization', 'Dropout', 'Dense']);

    const points: { name: string; step: number; epoch: number }[] = events.filter((e) => e.kind === 'log').flatMap((e) => e.payload.points);
    // 3,000 samples in batches of 32: 94 batches an epoch, a batch point every 2nd, epoch metrics at the epoch's last step.
    const batchLoss = points.filter((p) => p.name === 'batch/loss');
    expect(batchLoss.map((p) => p.step)).toEqual(Array.from({ length: 94 }, (_, i) => 2 * (i + 1)));
    expect(batchLoss[0].epoch).toBeCloseTo(2 / 94);
    expect(batchLoss[50].epoch).toBeCloseTo(1 + 8 / 94);
    expect(points.filter((p) => p.name === 'batch/accuracy')).toHaveLength(94);
    expect(points.filter((p) => p.name === 'val_loss').map((p) => [p.epoch, p.step])).toEqual([
      [1, 94],
      [2, 188],
    ]);

    const finish = events.at(-1);
    expect(finish.kind).toBe('finish');
    expect(Buffer.from(finish.payload.test.labels, 'base64')).toHaveLength(10_000);
    expect(Buffer.from(finish.payload.test.probabilities, 'base64')).toHaveLength(400_000);
    expect(finish.payload.model.format).toBe('tfjs-layers');
  }, 300_000);

  it('is reproducible: the same seed gives the same metrics, another seed different ones', async () => {
    const a = await run([...common, '--out', path.join(home, 'seed-a'), '--seed', '7']);
    const b = await run([...common, '--out', path.join(home, 'seed-b'), '--seed', '7']);
    const c = await run([...common, '--out', path.join(home, 'seed-c'), '--seed', '8']);
    expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
    const read = (d: string) => JSON.parse(readFileSync(path.join(home, d, 'summary.json'), 'utf8'));
    const [sa, sb, sc] = [read('seed-a'), read('seed-b'), read('seed-c')];
    const metrics = (s: { history: Record<string, number>[]; test: { loss: number; accuracy: number } }) => ({
      history: s.history.map(({ epoch_time: _t, ...m }) => m),
      test: [s.test.loss, s.test.accuracy],
    });
    expect(metrics(sb)).toEqual(metrics(sa));
    expect(metrics(sc)).not.toEqual(metrics(sa));
  }, 600_000);
});

// The CLI as a user runs it: real processes, real MNIST, exit codes and files.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startScriptedServer } from './test-support/scripted-server';
import { HYPERPARAM_FLAGS } from './train/hyperparam-flags';

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
    [['sweep', '--config', 'sweep.yaml', '--repeat-best', '2', '--json'], /--json does not go with --repeat-best/],
    [['completion'], /missing required argument 'shell'/],
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
    // The default: MNIST_LAB_THREADS (npm test sets 1), else one per core. One thread or two give the same numbers
    // (the batch's chunks are the same).
    const defaultThreads = Number(process.env.MNIST_LAB_THREADS ?? availableParallelism());
    const d = await run([...common, '--out', path.join(home, 'seed-d'), '--seed', '7', '--threads', '1']);
    const e = await run([...common, '--out', path.join(home, 'seed-e'), '--seed', '7', '--threads', '2']);
    expect([d.code, e.code]).toEqual([0, 0]);
    expect(d.stdout).toMatch(/backend: fused \(auto\) · 1 thread · seed 7/);
    expect(e.stdout).toMatch(/backend: fused \(auto\) · 2 threads · seed 7/);
    const [sd, se] = [read('seed-d'), read('seed-e')];
    expect(metrics(se)).toEqual(metrics(sd));
    // More threads than two split a batch into more chunks: with such a default its numbers are its own.
    if (defaultThreads <= 2) expect(metrics(sa)).toEqual(metrics(sd));
    expect([sa.threads, sd.threads, se.threads]).toEqual([defaultThreads, 1, 2]);
  }, 600_000);
});

/** The CLI with its stdout's reader gone before it writes (`mnist-lab help train | head -1`, head long exited). */
function runIntoClosedPipe(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, MNIST_LAB_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout: '', stderr }));
  });
}

/** The options of one command's help, each entry's lines joined: `--best <k>  how many ... (default: 2)`. */
function helpOptions(help: string): string[] {
  const section = help.split(/^Options:\n/m)[1]?.split(/\n\n/)[0] ?? '';
  return section.split(/\n(?= {2}-)/).map((entry) => entry.replace(/\s+/g, ' ').trim());
}

describe('mnist-lab CLI: conventions', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  }, 60_000);

  it.each([[['help', 'train']], [['--help']], [['train', '--help']], [['completion', 'bash']]])('%j into a closed pipe exits 0 without a word', async (args) => {
    const r = await runIntoClosedPipe(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it('--help works whatever the environment holds; a command that needs it says what is wrong in one line', async () => {
    for (const args of [['--help'], ['train', '--help'], ['sweep', '--help'], []]) {
      const r = await run(args, { PORT: 'abc', MNIST_LAB_SERVER: 'not a url' });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Usage: mnist-lab/);
    }
    const help = await run(['train', '--help'], { PORT: 'abc', MNIST_LAB_SERVER: 'not a url' });
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('(default: $MNIST_LAB_SERVER, else http://localhost:$PORT)');
    expectUsageError(await run(['train', '--offline'], { PORT: 'abc' }), /invalid environment: PORT: /);
    expectUsageError(await run(['sync'], { MNIST_LAB_SERVER: 'not a url' }), /invalid environment: MNIST_LAB_SERVER: /);
  }, 60_000);

  it('sweep --help names the methods, the early-termination rules, program and W&B\'s format', async () => {
    const help = (await run(['sweep', '--help'])).stdout.replace(/\s+/g, ' ');
    for (const word of ['grid | random | tpe', "W&B's bayes", 'none | median | asha | hyperband', 'program', "W&B's sweep.yaml"]) expect(help).toContain(word);
  }, 60_000);

  it('train --help lists every negation', async () => {
    const r = await run(['train', '--help']);
    const bools = HYPERPARAM_FLAGS.filter((f) => f.kind === 'bool');
    expect(bools.map((f) => f.flag)).toContain('batch-norm');
    for (const f of bools) expect(helpOptions(r.stdout)).toContain(`--no-${f.flag} turn off --${f.flag}`);
  }, 60_000);

  it('every command’s help states each default once', async () => {
    const commands = ['train', 'sync', 'diff', 'sweep', 'agent', 'repeat', 'completion'];
    const helps = await Promise.all(commands.map((c) => run([c, '--help'])));
    for (const [i, r] of helps.entries()) {
      expect(r.code, commands[i]).toBe(0);
      for (const option of helpOptions(r.stdout)) expect(option.match(/default/g)?.length ?? 0, `${commands[i]}: ${option}`).toBeLessThanOrEqual(1);
    }
    const repeat = helpOptions(helps[commands.indexOf('repeat')].stdout);
    expect(repeat).toContain('--best <k> how many of the best configurations (default: 2)');
    expect(repeat.find((o) => o.startsWith('--backend'))).toMatch(/default: "auto"\)$/);
  }, 60_000);

  it('SIGTERM stops a training run as Ctrl-C does, marks it stopped and exits 143', async () => {
    const out = path.join(home, 'run-sigterm');
    const child = spawn(
      process.execPath,
      [bin, 'train', '--offline', '--quiet', '--epochs', '50', '--no-early-stopping', '--train-limit', '3000', '--out', out],
      { env: { ...process.env, MNIST_LAB_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Once an epoch has ended the run is training (and listening for signals).
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += String(d);
        if (/^Epoch +1\/50/m.test(stdout)) resolve();
      }),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stdout).toMatch(/stopped after \d+ epochs/);
    const spool = /offline: events spooled to (\S+\.jsonl)/.exec(stdout)?.[1] ?? '';
    const last = JSON.parse(readFileSync(spool, 'utf8').trim().split('\n').at(-1) ?? '{}').event;
    expect(last).toMatchObject({ kind: 'end', payload: { status: 'stopped' } });
    expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')).stopReason).toBe('aborted');
  }, 300_000);
});

describe('mnist-lab CLI: --json', () => {
  it('train --json: one JSON document on stdout, the progress on stderr', async () => {
    const out = path.join(home, 'run-json');
    const r = await run(['train', '--offline', '--quiet', '--epochs', '1', '--train-limit', '3000', '--name', 'json', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ name: 'json', status: 'finished', stopReason: 'completed', backend: 'fused', seed: 42, epochs: 1, outDir: out, offline: true });
    expect(result.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.hyperparams).toMatchObject({ epochs: 1, trainLimit: 3000 });
    expect(result.history).toHaveLength(1);
    expect(result.test.count).toBe(10_000);
    expect(result.test.accuracy).toBeGreaterThan(0.5);
    expect(JSON.parse(readFileSync(result.summaryFile, 'utf8')).test.misclassifiedCount).toBe(result.test.misclassified);
    expect(result.url).toBe(`http://127.0.0.1:9/runs/${result.runId}`);
    expect(result.unsentEvents).toBeGreaterThan(0);
    expect(existsSync(result.spoolFile)).toBe(true);
    expect(r.stderr).toMatch(/^Epoch 1\/1 /m);
    expect(r.stderr).toMatch(/test accuracy/);
  }, 300_000);

  it('diff --json: the server’s answer as one JSON document', async () => {
    const a = '0f1e2d3c-4b5a-4978-8877-665544332211';
    const b = '9f1e2d3c-4b5a-4978-8877-665544332211';
    const diff = { a: { id: a, name: 'adam', seed: 1, accuracy: 0.96, errors: 400 }, b: { id: b, name: 'sgd', seed: 1, accuracy: 0.97, errors: 300 }, total: 10_000 };
    const server = await startScriptedServer({
      'analysis.findRuns': (input) => ({ matches: [{ id: (input as { ref: string }).ref === 'adam' ? a : b, name: 'x', status: 'finished', startedAt: '2026-01-01T00:00:00.000Z' }] }),
      'analysis.diff': () => diff,
    });
    try {
      const r = await run(['diff', 'adam', 'sgd', '--server', server.url, '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(diff);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('sweep --json: the ended sweep as one JSON document, the progress on stderr', async () => {
    const id = '3f2a0000-0000-4000-8000-000000000001';
    const trial = (n: number, value: number) => ({
      runId: `3f2a0000-0000-4000-8000-00000000010${n}`,
      trial: n,
      name: `json-sweep-${n}`,
      status: 'finished',
      pruned: false,
      params: { learningRate: n === 1 ? 0.001 : 0.002 },
      value,
      epochs: 1,
      agentId: 'a',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1000,
    });
    const sweep = {
      id,
      name: 'json-sweep',
      method: 'random',
      metric: 'val_accuracy',
      goal: 'maximize',
      status: 'finished',
      maxTrials: 2,
      seed: 7,
      bestRunId: null,
      bestValue: 0.93,
      runCount: 2,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      plannedTrials: 2,
      trials: [trial(1, 0.91), trial(2, 0.93)],
      progress: { queued: 0, running: 0, finished: 2, pruned: 0, failed: 0, crashed: 0, stopped: 0 },
    };
    const server = await startScriptedServer({
      'sweeps.create': () => sweep,
      'sweeps.get': () => sweep,
      // The agent this machine starts asks for a trial and is told the sweep is done.
      'sweeps.nextTrial': () => ({ done: true, status: 'finished' }),
    });
    try {
      const file = configFile('json-sweep.yaml', 'name: json-sweep\nmethod: random\nmetric: val_accuracy\nmaxTrials: 2\nparameters:\n  learningRate: { values: [0.001, 0.002] }\n');
      const r = await run(['sweep', '--config', file, '--parallel', '1', '--seed', '7', '--server', server.url, '--json']);
      expect(r.code).toBe(0);
      const result = JSON.parse(r.stdout);
      expect(result).toMatchObject({ sweepId: id, name: 'json-sweep', status: 'finished', metric: 'val_accuracy', goal: 'maximize', plannedTrials: 2 });
      expect(result.best).toMatchObject({ runId: trial(2, 0).runId, value: 0.93, params: { learningRate: 0.002 } });
      expect(result.trials).toHaveLength(2);
      expect(result.dashboard).toBe(`${server.url}/sweeps/${id}`);
      expect(server.calls).toContain('sweeps.nextTrial');
      expect(r.stderr).toMatch(/^sweep finished: 2 of 2 trials/m);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('mnist-lab completion', () => {
  it('prints bash and zsh scripts that ask the CLI for its answers', async () => {
    const bash = await run(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toMatch(/^complete -F \S+ mnist-lab$/m);
    expect(bash.stdout).toContain('mnist-lab complete -- ');
    const zsh = await run(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef mnist-lab$/m);
    expect(zsh.stdout).toContain('complete --');
    expectUsageError(await run(['completion', 'tcsh']), /value 'tcsh' is invalid for argument 'shell'/);
  }, 60_000);

  it('answers with the subcommands, a command’s options and an option’s choices', async () => {
    const values = (r: Result) => r.stdout.trim().split('\n').slice(0, -1).map((l) => l.split('\t')[0]);
    const commands = await run(['complete', '--', '']);
    expect(commands.code).toBe(0);
    expect(values(commands)).toEqual(expect.arrayContaining(['train', 'sync', 'diff', 'sweep', 'agent', 'repeat', 'completion']));
    expect(values(commands)).not.toContain('complete');
    const trainFlags = values(await run(['complete', '--', 'train', '--']));
    for (const flag of ['--epochs', '--batch-norm', '--no-batch-norm', '--json', '--offline', '--config']) expect(trainFlags).toContain(flag);
    expect(trainFlags).not.toContain('--parallel');
    expect(values(await run(['complete', '--', 'sweep', '--par']))).toEqual(['--parallel']);
    expect(values(await run(['complete', '--', 'train', '--backend', '']))).toEqual(['auto', 'fused', 'tfjs', 'tfjs-node', 'wasm', 'cpu']);
  }, 60_000);
});

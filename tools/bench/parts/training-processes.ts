// The training part's whole-process comparisons (training.ts calls these): `mnist-lab train` against the PyTorch peer
// script (torch_keras_run.py, the Keras script in PyTorch), each a process of its own timed from spawn to exit, so
// start-up, data loading, validation and the test set count as a user waits for them.
// - Three epochs: `mnist-lab train --epochs 3` (the compiled CLI, the default one thread per core) against the peer
//   at 1 and at 2 threads, in alternating order, three repetitions; each ratio against the better peer of its round.
// - Time to accuracy: the reference run as the Keras script does it (up to 50 epochs, early stopping with patience 5
//   and the best weights restored, the learning rate halved on a plateau): wall time and test accuracy of each.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultMnistDir } from '@mnist-lab/data';
import { median } from '../stats';

const PYTHON = '/usr/bin/python3';
const PEER = fileURLToPath(new URL('../torch_keras_run.py', import.meta.url));
const CLI = fileURLToPath(new URL('../../../apps/trainer/bin/mnist-lab.js', import.meta.url));
const TRAINER = fileURLToPath(new URL('../../../apps/trainer', import.meta.url));
const REPETITIONS = 3;
const THREADS = [1, 2];

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const run = promisify(execFile);

interface Outcome {
  seconds: number;
  epochs: number;
  testAccuracy: number;
}

/** `mnist-lab train` offline in a home of its own, timed from spawn to exit; its summary.json says what it did. */
async function mnistLab(args: string[]): Promise<Outcome> {
  const home = await mkdtemp(path.join(tmpdir(), 'mnist-lab-bench-home-'));
  try {
    const out = path.join(home, 'run');
    const started = performance.now();
    await run(process.execPath, [CLI, 'train', '--offline', '--quiet', '--out', out, ...args], { env: { ...process.env, MNIST_LAB_HOME: home }, maxBuffer: 1 << 24 });
    const seconds = (performance.now() - started) / 1000;
    const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as { history: unknown[]; test: { accuracy: number } };
    return { seconds, epochs: summary.history.length, testAccuracy: summary.test.accuracy };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

async function peer(threads: number, args: string[]): Promise<Outcome> {
  const started = performance.now();
  const { stdout } = await run(PYTHON, [PEER, '--data', defaultMnistDir(), '--threads', String(threads), ...args], { maxBuffer: 1 << 20 });
  const seconds = (performance.now() - started) / 1000;
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { epochs: number; test_accuracy: number };
  return { seconds, epochs: r.epochs, testAccuracy: r.test_accuracy };
}

const fmt = (s: number) => `${s.toFixed(1)} s`;
const pct = (a: number) => `${(100 * a).toFixed(2)}%`;

export async function processComparisons(): Promise<void> {
  // The compiled CLI, as a user runs it after `npm run build` (bin/mnist-lab.js falls back to tsx without it).
  await run(process.execPath, ['build.mjs'], { cwd: TRAINER });
  console.log(`\nwhole processes, three epochs: \`mnist-lab train --epochs 3\` (compiled, ${'one thread per core'}) against torch_keras_run.py --epochs 3,`);
  console.log(`each from spawn to exit (start-up, data, validation and the test set included); load average at start ${load()}`);
  const ours: number[] = [];
  const theirs = new Map<number, number[]>(THREADS.map((t) => [t, []]));
  for (let rep = 0; rep < REPETITIONS; rep++) {
    const order = rep % 2 === 0 ? ['mnist-lab', ...THREADS] : [...THREADS, 'mnist-lab'];
    for (const who of order) {
      if (who === 'mnist-lab') ours.push((await mnistLab(['--epochs', '3'])).seconds);
      else theirs.get(who as number)?.push((await peer(who as number, ['--epochs', '3'])).seconds);
    }
  }
  const bestPeer = ours.map((_, i) => Math.min(...THREADS.map((t) => theirs.get(t)?.[i] ?? Infinity)));
  const ratios = ours.map((s, i) => bestPeer[i] / s);
  const range = (vs: number[]) => `${fmt(Math.min(...vs))}-${fmt(Math.max(...vs))}`;
  console.log(`  mnist-lab train            median ${fmt(median(ours))} (${range(ours)})`);
  for (const t of THREADS) console.log(`  pytorch, ${t} thread${t === 1 ? ' ' : 's'}          median ${fmt(median(theirs.get(t) ?? []))} (${range(theirs.get(t) ?? [])})`);
  console.log(`  mnist-lab is ${median(ratios).toFixed(2)}x faster than the better peer (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)} over ${REPETITIONS} rounds); load average ${load()}`);

  console.log(`\ntime to accuracy: the reference run as the Keras script does it (up to 50 epochs, early stopping, patience 5,`);
  console.log(`best weights restored, lr halved on a plateau), once each; load average at start ${load()}`);
  const lab = await mnistLab([]);
  const peers = new Map<number, Outcome>();
  for (const t of THREADS) peers.set(t, await peer(t, ['--early-stopping']));
  const line = (who: string, o: Outcome) => console.log(`  ${who.padEnd(26)} ${fmt(o.seconds).padStart(8)}   ${String(o.epochs).padStart(2)} epochs   test accuracy ${pct(o.testAccuracy)}`);
  line('mnist-lab train', lab);
  for (const t of THREADS) line(`pytorch, ${t} thread${t === 1 ? '' : 's'}`, peers.get(t) as Outcome);
  const best = Math.min(...THREADS.map((t) => (peers.get(t) as Outcome).seconds));
  console.log(`  mnist-lab finishes ${(best / lab.seconds).toFixed(2)}x faster than the better peer; load average ${load()}`);
}

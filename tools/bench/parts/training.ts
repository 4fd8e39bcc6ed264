// Bench part "training": the fused engine against PyTorch on the same data, network and optimizer, in one run.
// The reference network trains one epoch of the 54,000-sample split at batch 32 and 128; the default CNN (Keras's
// simple convnet) a prefix of it at batch 128. The fused engine runs on one thread per core (mnist-lab train's
// default) and on one; PyTorch at 1 and at 2 threads: on these 2 cores either can be the faster, and 2 threads
// collapse when the other core is busy, so each ratio is against the better of the two. Three repetitions in
// alternating order, so that drift and load from elsewhere fall on every engine alike. Then whole processes
// (training-processes.ts): three epochs, and the reference run to early stopping, against the PyTorch script.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadMnist, splitTrainValidation, subset, type MnistSet } from '@mnist-lab/data';
import { type Backend, resolveHyperparams } from '@mnist-lab/contracts';
import { train } from '@mnist-lab/model';
import { median } from '../stats';
import { processComparisons } from './training-processes';

export const name = 'training';

type Arch = 'mlp' | 'cnn';
interface Workload {
  arch: Arch;
  batch: number;
  /** Samples timed; undefined: the whole epoch. */
  limit?: number;
}

const WORKLOADS: Workload[] = [
  { arch: 'mlp', batch: 32 },
  { arch: 'mlp', batch: 128 },
  // A prefix: at 2-3k samples/s a full epoch per engine and repetition would make the bench five times longer.
  { arch: 'cnn', batch: 128, limit: 8_192 },
];
const REPETITIONS = 3;
const TORCH_THREADS = [1, 2];
const PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'torch_mnist.py');
/** Samples trained before timing, so V8 (or PyTorch) has compiled and warmed its hot paths. */
const WARMUP_SAMPLES = 4096;
/** The tfjs wasm reference runs on a prefix: at ~5-9k samples/s a full epoch would only make the bench slower. */
const WASM_SAMPLES = 16_384;

const key = (w: Workload) => `${w.arch} b${w.batch}`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The fused engine's thread counts: mnist-lab train's default (one per core) first, then one. */
const FUSED_THREADS = [...new Set([availableParallelism(), 1])];

/** Times train() for one epoch, from the call to the end of its last batch (validation is not timed): samples/s. */
async function measure(backend: Backend, w: Workload, set: MnistSet, validation: MnistSet, threads = 1): Promise<number> {
  const hparams = (h: { trainLimit?: number }) => resolveHyperparams({ arch: w.arch, batchSize: w.batch, epochs: 1, ...h });
  const warm = await train({ hparams: hparams({ trainLimit: WARMUP_SAMPLES }), backend, threads, train: set, validation: subset(validation, [0]) });
  warm.dispose();
  let finished = 0;
  const started = performance.now();
  const model = await train({
    hparams: hparams({ trainLimit: w.limit }),
    backend,
    threads,
    train: set,
    validation: subset(validation, [0]),
    onBatchEnd: (p) => {
      if (p.batch === p.batches) finished = performance.now();
    },
  });
  model.dispose();
  return Math.min(w.limit ?? set.count, set.count) / ((finished - started) / 1000);
}

/** torch_mnist.py on the same split at `threads` threads: samples/s per workload key. */
async function measureTorch(files: { images: string; labels: string }, arch: Arch, threads: number): Promise<Map<string, number>> {
  const workloads = WORKLOADS.filter((w) => w.arch === arch);
  const limit = workloads[0].limit;
  const args = [
    TORCH_SCRIPT, '--images', files.images, '--labels', files.labels, '--arch', arch, '--threads', String(threads),
    '--batch-sizes', workloads.map((w) => w.batch).join(','), '--warmup-samples', String(WARMUP_SAMPLES),
    ...(limit ? ['--limit', String(limit)] : []),
  ];
  const { stdout } = await promisify(execFile)(PYTHON, args, { maxBuffer: 1 << 20 });
  const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { results: { batch: number; samples_per_s: number }[] };
  return new Map(report.results.map((r) => [key({ arch, batch: r.batch }), r.samples_per_s]));
}

function torchUsable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status === 0) return probe.stdout.trim();
  console.log(`PyTorch peer skipped: ${PYTHON} cannot import torch (${probe.error?.message ?? probe.stderr.trim().split('\n').pop() ?? 'unknown error'})`);
  return null;
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
const spread = (vs: number[]) => (vs.length > 1 ? `${fmt(Math.min(...vs))}-${fmt(Math.max(...vs))}` : '');

function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

export async function run(): Promise<void> {
  const { train: all } = await loadMnist();
  const { train: set, validation } = splitTrainValidation(all, { validationFraction: 0.1, seed: 42 });
  console.log('reference network (Dense 64 relu, BN, Dropout 0.2, Dense 32 relu, BN, Dropout 0.2, Dense 10): one epoch of 54,000;');
  console.log('default CNN (Conv 32 3x3, MaxPool 2, Conv 64 3x3, MaxPool 2, Dropout 0.5, Dense 10): the first 8,192 of an epoch;');
  console.log(`Adam 1e-3, after a ${WARMUP_SAMPLES}-sample warm-up. mnist-lab's fused engine on ${FUSED_THREADS.join(' and on ')} thread(s); PyTorch at 1 and at 2.`);
  console.log(`${REPETITIONS} repetitions in alternating order. Load average at start (1, 5, 15 min; 2 cores): ${load()}\n`);

  const torchVersion = torchUsable();
  const dir = await mkdtemp(path.join(tmpdir(), 'mnist-lab-bench-'));
  const files = { images: path.join(dir, 'images.f32'), labels: path.join(dir, 'labels.u8') };
  await writeFile(files.images, new Uint8Array(set.images.buffer, set.images.byteOffset, set.images.byteLength));
  await writeFile(files.labels, set.labels);
  // samples/s per engine and workload, one entry per repetition.
  const results = new Map<string, number[]>();
  const record = (engine: string, k: string, v: number) => results.set(`${engine}|${k}`, [...(results.get(`${engine}|${k}`) ?? []), v]);
  const engines = [...FUSED_THREADS.map((t) => `fused${t}`), ...(torchVersion ? TORCH_THREADS.map((t) => `torch${t}`) : [])];
  try {
    for (let rep = 0; rep < REPETITIONS; rep++) {
      for (const engine of rep % 2 === 0 ? engines : [...engines].reverse()) {
        if (engine.startsWith('fused')) {
          const threads = Number(engine.slice('fused'.length));
          for (const w of WORKLOADS) record(engine, key(w), await measure('fused', w, set, validation, threads));
        } else {
          const threads = Number(engine.slice('torch'.length));
          for (const arch of ['mlp', 'cnn'] as const) for (const [k, v] of await measureTorch(files, arch, threads)) record(engine, k, v);
        }
      }
      console.log(`  repetition ${rep + 1} of ${REPETITIONS} done; load average ${load()}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const get = (engine: string, w: Workload) => results.get(`${engine}|${key(w)}`) ?? [];
  const lines: string[][] = [];
  for (const w of WORKLOADS) {
    // Per repetition: the better PyTorch of that repetition.
    const best = (n: number) => Array.from({ length: n }, (_, i) => Math.max(...TORCH_THREADS.map((t) => get(`torch${t}`, w)[i] ?? 0)));
    for (const engine of engines) {
      const vs = get(engine, w);
      if (vs.length === 0) continue;
      const fused = engine.startsWith('fused');
      const threads = engine.replace(/^\D+/, '');
      const label = fused ? `mnist-lab fused (${threads} thread${threads === '1' ? '' : 's'})` : `pytorch ${torchVersion} (${threads} thread${threads === '1' ? '' : 's'})`;
      const ratios = fused && torchVersion ? vs.map((f, i) => f / best(vs.length)[i]) : [];
      const ratio = ratios.length ? `${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})` : '';
      lines.push([label, w.arch, String(w.batch), fmt(Math.min(w.limit ?? set.count, set.count)), fmt(median(vs)), spread(vs), ratio]);
    }
  }
  console.log('');
  printTable(['engine', 'net', 'batch', 'samples', 'samples/s (median)', 'range', 'vs best PyTorch (range)'], lines);
  console.log(`\nload average at end: ${load()}`);
  await wasmReference(set, validation);
  if (torchVersion) await processComparisons();
}

/** The tfjs wasm backend on the reference net, for scale; it cannot train the CNN (no Conv2DBackpropFilter). */
async function wasmReference(set: MnistSet, validation: MnistSet): Promise<void> {
  const lines: string[][] = [];
  for (const batch of [32, 128]) {
    try {
      const v = await measure('wasm', { arch: 'mlp', batch, limit: WASM_SAMPLES }, set, validation);
      lines.push(['tfjs wasm (reference)', 'mlp', String(batch), fmt(WASM_SAMPLES), fmt(v)]);
    } catch (err) {
      console.log(`tfjs wasm reference skipped: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
  }
  printTable(['engine', 'net', 'batch', 'samples', 'samples/s'], lines);
}

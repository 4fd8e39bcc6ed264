// Bench part "training": one epoch of the reference network on the 54,000-sample split, mnist-lab vs PyTorch.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadMnist, splitTrainValidation, subset, type MnistSet } from '@mnist-lab/data';
import { type Backend, HyperparamsSchema } from '@mnist-lab/metrics';
import { train } from '@mnist-lab/model';

export const name = 'training';

const BATCH_SIZES = [32, 128];
const PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'torch_mnist.py');
/** Samples trained before timing, so V8 (or PyTorch) has compiled and warmed its hot paths. */
const WARMUP_SAMPLES = 4096;
/** The wasm reference runs on a prefix: at ~5-9k samples/s a full epoch would only make the bench slower. */
const WASM_SAMPLES = 16_384;

interface Measurement {
  engine: string;
  batch: number;
  samples: number;
  samplesPerS: number;
  loss: number;
  accuracy: number;
}

/** Times train() for one epoch, from the call to the end of its last batch (validation is not timed). */
async function measure(backend: Backend, batch: number, set: MnistSet, validation: MnistSet, limit?: number): Promise<Measurement> {
  const hparams = (h: { trainLimit?: number }) => HyperparamsSchema.parse({ batchSize: batch, epochs: 1, ...h });
  const warm = await train({ hparams: hparams({ trainLimit: WARMUP_SAMPLES }), backend, train: set, validation: subset(validation, [0]) });
  warm.dispose();
  let finished = 0;
  const started = performance.now();
  const model = await train({
    hparams: hparams({ trainLimit: limit }),
    backend,
    train: set,
    validation,
    onBatchEnd: (p) => {
      if (p.batch === p.batches) finished = performance.now();
    },
  });
  const samples = Math.min(limit ?? set.count, set.count);
  const epoch = model.history[0];
  model.dispose();
  return { engine: backend, batch, samples, samplesPerS: samples / ((finished - started) / 1000), loss: epoch.loss, accuracy: epoch.accuracy };
}

/** Runs torch_mnist.py on the same split; null (with the reason printed) when PyTorch is not usable here. */
async function measureTorch(set: MnistSet): Promise<Measurement[] | null> {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const reason = probe.error?.message ?? probe.stderr.trim().split('\n').pop() ?? 'unknown error';
    console.log(`PyTorch peer skipped: ${PYTHON} cannot import torch (${reason})`);
    return null;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'mnist-lab-bench-'));
  try {
    const images = path.join(dir, 'images.f32');
    const labels = path.join(dir, 'labels.u8');
    await writeFile(images, new Uint8Array(set.images.buffer, set.images.byteOffset, set.images.byteLength));
    await writeFile(labels, set.labels);
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [TORCH_SCRIPT, '--images', images, '--labels', labels, '--batch-sizes', BATCH_SIZES.join(','), '--threads', '2', '--warmup-samples', String(WARMUP_SAMPLES)],
      { maxBuffer: 1 << 20 },
    );
    const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      torch: string;
      threads: number;
      results: { batch: number; samples: number; samples_per_s: number; loss: number; accuracy: number }[];
    };
    return report.results.map((r) => ({
      engine: `pytorch ${report.torch} (${report.threads} threads)`,
      batch: r.batch, samples: r.samples, samplesPerS: r.samples_per_s, loss: r.loss, accuracy: r.accuracy,
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function printTable(rows: Measurement[], torch: Measurement[] | null): void {
  const header = ['engine', 'batch', 'samples', 'samples/s', 'vs PyTorch', 'epoch loss', 'epoch acc'];
  const lines = rows.map((m) => {
    const peer = torch?.find((t) => t.batch === m.batch);
    return [
      m.engine, String(m.batch), m.samples.toLocaleString('en-US'), Math.round(m.samplesPerS).toLocaleString('en-US'),
      peer ? `${(m.samplesPerS / peer.samplesPerS).toFixed(2)}x` : 'n/a', m.loss.toFixed(4), m.accuracy.toFixed(4),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

export async function run(): Promise<void> {
  const { train: all } = await loadMnist();
  const { train: set, validation } = splitTrainValidation(all, { validationFraction: 0.1, seed: 42 });
  console.log(`reference network (Dense 64 relu, BN, Dropout 0.2, Dense 32 relu, BN, Dropout 0.2, Dense 10), Adam 1e-3;`);
  console.log(`one epoch on ${set.count.toLocaleString('en-US')} training samples after a ${WARMUP_SAMPLES}-sample warm-up.`);
  console.log(`mnist-lab runs on one thread, PyTorch on two. The machine is shared (2 cores; load average at start`);
  console.log(`${loadavg().map((l) => l.toFixed(2)).join(' ')}): figures move from run to run, compare within one run.\n`);

  const rows: Measurement[] = [];
  for (const batch of BATCH_SIZES) rows.push(await measure('fused', batch, set, validation));
  const torch = await measureTorch(set);
  if (torch) rows.push(...torch);
  for (const batch of BATCH_SIZES) {
    try {
      rows.push({ ...(await measure('wasm', batch, set, validation, WASM_SAMPLES)), engine: 'tfjs wasm (reference)' });
    } catch (err) {
      console.log(`tfjs wasm reference skipped: ${err instanceof Error ? err.message : String(err)}`);
      break;
    }
  }
  printTable(rows, torch);
}

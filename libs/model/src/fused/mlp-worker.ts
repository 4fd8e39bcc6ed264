// A helper thread of the fused engines (mlp-threads.ts starts it): binds the wasm kernels to the engine's shared memory,
// lays it out as the engine did, and runs its share of each step (the MLP) or of each per-sample loop (the CNN) when
// the mailbox says so.
import { receiveMessageOnPort, parentPort, workerData } from 'node:worker_threads';
import { sizeOf, weightSpecs } from '../architecture';
import { Rng } from '../rng';
import { Arena } from './arena';
import { ConvEngine } from './conv-engine';
import { CMD, Command, type HelperInit, SEQ } from './mlp-threads';
import { MlpStep, mlpLayout } from './mlp-step';
import { ThreadSync, waitWhile } from './thread-sync';
import { WASM_HEAP_BASE, bindWasmKernels } from './wasm/wasm-kernels';
import type { SparseImages } from './workspace';

const { mailbox } = workerData as { mailbox: Int32Array };
const port = parentPort;
if (port === null) throw new Error('mlp-worker.ts runs as a worker thread');

/** The message the engine posted before its command: already queued, as postMessage queues before the command word is set. */
function message<T>(): T {
  for (;;) {
    const m = receiveMessageOnPort(port as NonNullable<typeof port>);
    if (m !== undefined) return m.message as T;
    Atomics.wait(mailbox, SEQ, Atomics.load(mailbox, SEQ), 0.05);
  }
}

let bound: { step: MlpStep; sync: ThreadSync; batch: Float64Array } | null = null;
let conv: ConvEngine | null = null;
let sparse: SparseImages | null = null;
let seen = 0;

for (;;) {
  // The next step's command usually comes microseconds after the last; between runs, sleep until notified.
  waitWhile(mailbox, SEQ, seen, null, null);
  seen = Atomics.load(mailbox, SEQ);
  const cmd = Atomics.load(mailbox, CMD) as Command;
  try {
    if (cmd === Command.Init) {
      const init = message<HelperInit>();
      bound = null;
      conv = null;
      sparse = null;
      if (init.family === 'cnn') {
        const replica = { thread: init.thread, module: init.module, memory: init.memory };
        conv = new ConvEngine(init.arch, { optimizer: init.optimizer, learningRate: 0, batchSize: init.batchSize, threads: init.threads }, new Rng(init.seed), [], replica);
        conv.barrier();
        continue;
      }
      const wasm = bindWasmKernels(init.module, init.memory);
      const trainable = weightSpecs(init.arch).filter((s) => s.trainable).reduce((sum, s) => sum + sizeOf(s), 0);
      const layout = mlpLayout(new Arena(init.memory.buffer, Float32Array, WASM_HEAP_BASE), init.arch, init.batchSize, init.threads, trainable);
      const sync = new ThreadSync(layout.sync, init.threads);
      const step = new MlpStep({
        arch: init.arch, layout, thread: init.thread, threads: init.threads, kernels: wasm.mlp, sync,
        optimizer: init.optimizer, Float: Float32Array, rng: new Rng(init.seed),
      });
      bound = { step, sync, batch: layout.batch };
      sparse = null;
      sync.barrier();
    } else if (cmd === Command.Release) {
      bound = null;
      conv = null;
      sparse = null;
    } else if (conv !== null) {
      conv.runAssignedTask();
      conv.barrier();
    } else if (bound !== null) {
      if (cmd === Command.Dataset) {
        sparse = message<SparseImages>();
      } else if (sparse !== null) {
        const rows = bound.batch[0];
        bound.step.gradients(sparse, rows);
        bound.sync.barrier();
        bound.step.reduce();
        if (cmd === Command.Step) bound.step.step(bound.batch[1]);
      }
      bound.sync.barrier();
    }
  } catch (err) {
    bound?.sync.fail();
    conv?.fail();
    throw err;
  }
}

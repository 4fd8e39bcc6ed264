// A helper thread of the fused engines (mlp-threads.ts starts it): binds the wasm kernels to an engine's shared
// memory, lays it out as the engine did, and, each time its mailbox wakes it, reads the messages queued (an engine to
// bind to, a training set) and takes part in the MLP's batch (claiming chunks, mlp-step.ts) or runs the CNN's task.
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { Rng } from '../rng';
import { Arena } from './arena';
import { ConvEngine } from './conv-engine';
import { MlpStep, mlpLayout } from './mlp-step';
import { CMD, Command, type HelperMessage, POSTED, SEQ } from './mlp-threads';
import { waitWhile } from './thread-sync';
import { WASM_HEAP_BASE, bindWasmKernels } from './wasm/wasm-kernels';
import type { SparseImages } from './workspace';

const { mailbox } = workerData as { mailbox: Int32Array };
if (parentPort === null) throw new Error('mlp-worker.ts runs as a worker thread');
const port: MessagePort = parentPort;

/** What this thread is bound to (apply() sets it: a function TypeScript cannot see assign module variables). */
const bound: { mlp: MlpStep | null; conv: ConvEngine | null; sparse: SparseImages | null; thread: number } = { mlp: null, conv: null, sparse: null, thread: 1 };
let seen = 0;
let received = 0;

function apply(m: HelperMessage): void {
  if (m.kind === 'dataset') {
    bound.sparse = m.sparse;
    return;
  }
  release();
  if (m.family === 'cnn') {
    const replica = { thread: m.thread, module: m.module, memory: m.memory };
    bound.conv = new ConvEngine(m.arch, { optimizer: m.optimizer, learningRate: 0, batchSize: m.batchSize, threads: m.threads }, new Rng(m.seed), [], replica);
    bound.conv.barrier();
    return;
  }
  const wasm = bindWasmKernels(m.module, m.memory);
  const layout = mlpLayout(new Arena(m.memory.buffer, Float32Array, WASM_HEAP_BASE), m.arch, m.batchSize, m.chunks);
  bound.thread = m.thread;
  bound.mlp = new MlpStep({ arch: m.arch, layout, chunks: m.chunks, kernels: wasm.mlp, optimizer: m.optimizer, Float: Float32Array });
}

function release(): void {
  bound.mlp = null;
  bound.conv = null;
  bound.sparse = null;
}

for (;;) {
  // The next batch's command usually comes microseconds after the last; between runs, sleep until notified.
  waitWhile(mailbox, SEQ, seen, null, null);
  seen = Atomics.load(mailbox, SEQ);
  const cmd = Atomics.load(mailbox, CMD);
  try {
    // Posted (and counted) before the command word was set; the port may take a moment to show them.
    while (received < Atomics.load(mailbox, POSTED)) {
      const m = receiveMessageOnPort(port);
      if (m === undefined) continue;
      apply(m.message as HelperMessage);
      received++;
    }
    const { mlp, conv, sparse } = bound;
    if (cmd === Command.Release) {
      release();
    } else if (cmd === Command.Step && conv !== null) {
      conv.runAssignedTask();
      conv.barrier();
    } else if (cmd === Command.Step && mlp !== null && sparse !== null) {
      mlp.runBatch(sparse, bound.thread);
    }
  } catch (err) {
    // The MLP goes on without this thread unless it dies holding a chunk; the CNN's barrier must not wait for it.
    bound.conv?.fail();
    throw err;
  }
}

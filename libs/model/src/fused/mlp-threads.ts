// The fused engines' helper threads: worker_threads kept in a process-wide pool (a worker boots in ~100 ms from the
// compiled CLI and longer under tsx, more than a short run's epoch), each driven through a mailbox of shared words,
// since a thread spinning at a barrier has no event loop to take messages on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Hyperparams } from '@mnist-lab/contracts';
import type { CnnArchitecture, MlpArchitecture } from '../architecture';
import type { WasmMemory } from './wasm/wasm-kernels';
import type { SparseImages } from './workspace';

/**
 * Mailbox words: a command's sequence number (bumped for each), the command, and how many messages were posted (the
 * helper reads the port only when one is waiting: receiveMessageOnPort costs more than a chunk of a batch-32 step).
 */
export const SEQ = 0;
export const CMD = 1;
export const POSTED = 2;
export const MAILBOX_WORDS = 3;

export const Command = {
  /** Only read the messages queued (a CNN helper's init, acknowledged at the engine's barrier). */
  Wake: 3,
  /** The MLP: take part in the batch the engine's memory names; the CNN: run the task its block names. */
  Step: 4,
  /** The engine was disposed: drop its memory and go back to sleep. */
  Release: 5,
} as const;
export type Command = (typeof Command)[keyof typeof Command];

/**
 * Messages a helper drains, in order, each time its mailbox wakes it: bind to an engine (lay its memory out as the
 * engine did), or take a training set's nonzero pixels.
 */
export type HelperMessage = ({ kind: 'init' } & HelperInit) | { kind: 'dataset'; sparse: SparseImages };

/** What a helper needs to lay out the engine's memory as the engine did and run its share. */
export type HelperInit = HelperCommon & ({ family: 'mlp'; arch: MlpArchitecture } | { family: 'cnn'; arch: CnnArchitecture });

interface HelperCommon {
  module: object;
  memory: WasmMemory;
  /** The MLP's chunks (mlp-step.ts). */
  chunks: number;
  batchSize: number;
  threads: number;
  /** The CNN's thread index for this helper (the MLP's helpers take any chunk). */
  thread: number;
  optimizer: Hyperparams['optimizer'];
  seed: number;
}

export interface Helper {
  /** Its thread exited (an error, already logged): the MLP goes on without it, the CNN stops. */
  readonly broken: boolean;
  /** Queues a message for the helper's next wake-up. */
  post(message: HelperMessage): void;
  /** Posts `message` if given, then wakes the helper with `cmd`. */
  command(cmd: Command, message?: HelperMessage): void;
  release(): void;
}

interface PooledWorker {
  worker: Worker;
  mailbox: Int32Array;
  broken: boolean;
}

const idle: PooledWorker[] = [];

/** tsx's ESM register API as a file URL, found from `from` through tsx's own exports map (a worker has no loader yet). */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api'].import.default)).href;
}

/**
 * The worker's entry: mlp-worker.js beside this file in the compiled CLI (apps/trainer/build.mjs bundles it as its
 * own entry); under tsx or vitest, mlp-worker.ts through tsx's loader, registered in the worker before it loads.
 */
function spawn(): PooledWorker {
  const mailbox = new Int32Array(new SharedArrayBuffer(MAILBOX_WORDS * 4));
  const here = import.meta.url;
  const options = { workerData: { mailbox } };
  let worker: Worker;
  if (here.endsWith('.ts')) {
    const entry = new URL('./mlp-worker.ts', here).href;
    const boot = `import(${JSON.stringify(tsxEsmApi(here))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    worker = new Worker(boot, { ...options, eval: true });
  } else {
    worker = new Worker(new URL('./mlp-worker.js', here), options);
  }
  const pooled: PooledWorker = { worker, mailbox, broken: false };
  worker.on('error', (err) => {
    pooled.broken = true;
    console.error(`mnist-lab: a training thread failed: ${err instanceof Error ? err.message : String(err)}`);
  });
  worker.on('exit', () => {
    pooled.broken = true;
  });
  // An idle pool must not keep a finished process alive.
  worker.unref();
  return pooled;
}

/** A helper thread from the pool (or a new one), for one engine until release(). */
export function acquireHelper(): Helper {
  let pooled = idle.pop();
  while (pooled !== undefined && pooled.broken) pooled = idle.pop();
  const w = pooled ?? spawn();
  let released = false;
  return {
    get broken() {
      return w.broken;
    },
    post(message) {
      if (w.broken) return;
      w.worker.postMessage(message);
      Atomics.add(w.mailbox, POSTED, 1);
    },
    command(cmd, message) {
      if (w.broken) return;
      if (message !== undefined) this.post(message);
      Atomics.store(w.mailbox, CMD, cmd);
      Atomics.add(w.mailbox, SEQ, 1);
      Atomics.notify(w.mailbox, SEQ);
    },
    release() {
      if (released) return;
      released = true;
      if (w.broken) return;
      Atomics.store(w.mailbox, CMD, Command.Release);
      Atomics.add(w.mailbox, SEQ, 1);
      Atomics.notify(w.mailbox, SEQ);
      idle.push(w);
    },
  };
}

// Loads tfjs and its backends on demand (never at import), and resolves `--backend` to the engine a run will use.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Backend, BackendChoice, Hyperparams } from '@mnist-lab/contracts';

export type Tf = typeof import('@tensorflow/tfjs');
export type TfjsBackend = Exclude<Backend, 'fused'>;

/** The name each backend registers itself under in tfjs. */
const TFJS_NAME: Record<TfjsBackend, string> = { 'tfjs-node': 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
/** `--backend tfjs`: the fastest tfjs backend that loads. */
const TFJS_PREFERENCE: readonly TfjsBackend[] = ['tfjs-node', 'wasm', 'cpu'];
/** An optional dependency: installed where npm could build it, absent elsewhere. A variable keeps tsc from requiring it. */
const TFJS_NODE = '@tensorflow/tfjs-node';

let tfjs: Promise<Tf> | undefined;
const registered = new Map<TfjsBackend, Promise<void>>();

export function loadTfjs(): Promise<Tf> {
  tfjs ??= import('@tensorflow/tfjs').then((tf) => {
    // Production mode silences the cpu backend's "install tfjs-node" banner, which would break the trainer's display.
    tf.enableProdMode();
    return tf;
  });
  return tfjs;
}

async function register(backend: TfjsBackend): Promise<void> {
  if (backend === 'tfjs-node') {
    await (import(/* @vite-ignore */ TFJS_NODE) as Promise<unknown>);
  } else if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The .wasm binaries ship in the package's dist/ folder, beside its main file.
    const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(path.dirname(main) + path.sep);
  }
}

/** Loads `backend` and makes it tfjs's current backend; throws a one-line error when it cannot load. */
export async function activateTfjsBackend(backend: TfjsBackend): Promise<Tf> {
  const tf = await loadTfjs();
  let loading = registered.get(backend);
  if (loading === undefined) {
    loading = register(backend);
    registered.set(backend, loading);
    loading.catch(() => registered.delete(backend));
  }
  try {
    await loading;
    if (!(await tf.setBackend(TFJS_NAME[backend]))) throw new Error('tfjs could not initialize it');
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    const hint = backend === 'tfjs-node' ? ' (install it with: npm install @tensorflow/tfjs-node)' : '';
    throw new Error(`backend "${backend}" is not available: ${reason}${hint}`);
  }
  return tf;
}

/**
 * `auto` and `fused` -> mnist-lab's fused engine, the fastest for both families; `tfjs` -> tfjs-node if it loads,
 * else wasm (not for a CNN: tfjs's wasm backend has no Conv2DBackpropFilter kernel), else cpu; an explicit tfjs
 * backend is loaded now, so a missing one fails before training.
 */
export async function resolveBackend(choice: BackendChoice, arch: Hyperparams['arch'] = 'mlp'): Promise<Backend> {
  if (choice === 'auto' || choice === 'fused') return 'fused';
  if (choice !== 'tfjs') {
    await activateTfjsBackend(choice);
    return choice;
  }
  const reasons: string[] = [];
  for (const backend of TFJS_PREFERENCE) {
    if (arch === 'cnn' && backend === 'wasm') continue;
    try {
      await activateTfjsBackend(backend);
      return backend;
    } catch (err) {
      reasons.push(err instanceof Error ? err.message : String(err));
    }
  }
  throw new Error(`no tfjs backend could be loaded: ${reasons.join('; ')}`);
}

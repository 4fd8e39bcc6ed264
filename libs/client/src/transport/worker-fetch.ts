// A fetch that makes every request on a worker thread (http-worker.mjs): the tracking client's, and the CLI's tRPC client's.
//
// Why: creating a single fetch Response (or even a Blob) on the thread that trains slowed the fused engine's kernels by
// about 20% for the rest of the process, while a fetch made on a worker thread left them alone (measured: one 20k-sample
// epoch 0.73 s before any fetch, 0.89 s after one). Tracking must cost training nothing, so the trainer's thread only
// posts messages and parses the JSON answers.
import { Worker } from 'node:worker_threads';

interface WorkerAnswer {
  id: number;
  status?: number;
  statusText?: string;
  contentType?: string | null;
  body?: string;
  error?: { name: string; message: string };
}

/** What the tracking client and tRPC's httpLink read of a response: ok, status, headers, json() and text(). */
export interface WorkerResponse {
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

interface Pending {
  resolve(r: WorkerResponse): void;
  reject(e: Error): void;
}

class HttpThread {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  private start(): Worker {
    // Beside this file in the sources, and beside the bundle in dist/ (build.mjs copies it there).
    const worker = new Worker(new URL('./http-worker.mjs', import.meta.url));
    worker.on('message', (a: WorkerAnswer) => this.answer(a));
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', () => {
      this.worker = undefined;
      this.failAll(new Error('the HTTP worker thread exited'));
    });
    // Idle, the thread must not keep the CLI alive; it is ref'd while a request is in flight.
    worker.unref();
    return worker;
  }

  private answer(a: WorkerAnswer): void {
    const p = this.pending.get(a.id);
    if (!p) return;
    this.pending.delete(a.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (a.error) {
      const e = new Error(a.error.message);
      e.name = a.error.name;
      p.reject(e);
      return;
    }
    const status = a.status ?? 0;
    const body = a.body ?? '';
    p.resolve({
      ok: status >= 200 && status < 300,
      status,
      statusText: a.statusText ?? '',
      headers: { get: (name) => (name.toLowerCase() === 'content-type' ? (a.contentType ?? null) : null) },
      json: async () => JSON.parse(body) as unknown,
      text: async () => body,
    });
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal | null }, timeoutMs: number): Promise<WorkerResponse> {
    const worker = (this.worker ??= this.start());
    const id = ++this.nextId;
    return new Promise<WorkerResponse>((resolve, reject) => {
      if (init.signal?.aborted) {
        reject(new Error('aborted'));
        return;
      }
      this.pending.set(id, { resolve, reject });
      worker.ref();
      init.signal?.addEventListener('abort', () => worker.postMessage({ cancel: id }), { once: true });
      worker.postMessage({ id, url, method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body, timeoutMs });
    });
  }
}

const thread = new HttpThread();

/** fetch(url, init) off the training thread, for string bodies and plain-object headers (as tRPC's httpLink sends them). */
export function workerFetch(timeoutMs: number) {
  return (url: string | URL | Request, init?: RequestInit): Promise<WorkerResponse> => {
    if (typeof url !== 'string' && !(url instanceof URL)) throw new Error('workerFetch takes a URL, not a Request');
    if (init?.body !== undefined && init.body !== null && typeof init.body !== 'string') throw new Error('workerFetch sends string bodies only');
    const headers = (init?.headers ?? {}) as Record<string, string>;
    return thread.request(String(url), { method: init?.method, headers, body: init?.body ?? undefined, signal: init?.signal }, timeoutMs);
  };
}

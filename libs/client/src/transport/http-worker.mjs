// The trainer's HTTP client thread: every request to the tracking server is made here, never on the training thread.
// Plain JavaScript: a worker does not inherit the tsx loader that runs the CLI's TypeScript.
import { parentPort } from 'node:worker_threads';

const inFlight = new Map();

parentPort.on('message', async (msg) => {
  if (msg.cancel !== undefined) {
    inFlight.get(msg.cancel)?.abort();
    return;
  }
  const { id, url, method, headers, body, timeoutMs } = msg;
  const controller = new AbortController();
  inFlight.set(id, controller);
  try {
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]) });
    const text = await res.text();
    parentPort.postMessage({ id, status: res.status, statusText: res.statusText, contentType: res.headers.get('content-type'), body: text });
  } catch (e) {
    const cause = e?.cause?.code ?? e?.cause?.message;
    parentPort.postMessage({ id, error: { name: e?.name ?? 'Error', message: cause ? `${e.message} (${cause})` : String(e?.message ?? e) } });
  } finally {
    inFlight.delete(id);
  }
});

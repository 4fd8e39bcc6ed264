// The UMAP layout off the main thread: 10,000 points take seconds of solid compute, which would freeze the page.
import { umapLayout, type UmapProgress } from '../../lib/umap-layout';

export interface UmapRequest {
  data: Float32Array;
  count: number;
  width: number;
}

export type UmapMessage =
  | { type: 'progress'; progress: UmapProgress; xy?: Float32Array }
  | { type: 'done'; xy: Float32Array; ms: number }
  | { type: 'error'; message: string };

// `self` in a module worker; typed locally because the dashboard's tsconfig has the DOM lib, not WebWorker's.
const scope = self as unknown as { postMessage(m: UmapMessage, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<UmapRequest>) => void) | null };

scope.onmessage = (e) => {
  const { data, count, width } = e.data;
  const started = performance.now();
  try {
    const xy = umapLayout(data, count, width, (progress, partial) =>
      scope.postMessage({ type: 'progress', progress, xy: partial }, partial ? [partial.buffer] : []),
    );
    scope.postMessage({ type: 'done', xy, ms: performance.now() - started }, [xy.buffer]);
  } catch (error) {
    scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};

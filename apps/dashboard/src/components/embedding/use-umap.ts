'use client';
// Runs UMAP on demand in a web worker and follows its progress; a new embedding or leaving the page stops the worker.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UmapProgress } from '../../lib/umap-layout';
import type { UmapMessage, UmapRequest } from './umap.worker';

export type UmapState =
  | { status: 'idle' }
  | { status: 'running'; progress: UmapProgress; xy?: Float32Array }
  | { status: 'done'; xy: Float32Array; ms: number }
  | { status: 'error'; message: string };

export function useUmap(data: Float32Array | undefined, count: number, width: number): [UmapState, () => void] {
  const [state, setState] = useState<UmapState>({ status: 'idle' });
  const worker = useRef<Worker | null>(null);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
  }, []);

  useEffect(() => {
    setState({ status: 'idle' });
    return stop;
  }, [data, stop]);

  const start = useCallback(() => {
    if (!data) return;
    stop();
    // Written inline as Turbopack and webpack require to bundle the worker: new Worker(new URL('./x', import.meta.url)).
    const w = new Worker(new URL('./umap.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    setState({ status: 'running', progress: { phase: 'neighbors' } });
    w.onmessage = (e: MessageEvent<UmapMessage>) => {
      const m = e.data;
      if (m.type === 'progress') setState((s) => ({ status: 'running', progress: m.progress, xy: m.xy ?? (s.status === 'running' ? s.xy : undefined) }));
      else {
        setState(m.type === 'done' ? { status: 'done', xy: m.xy, ms: m.ms } : { status: 'error', message: m.message });
        stop();
      }
    };
    w.onerror = (e) => {
      setState({ status: 'error', message: e.message || 'the UMAP worker failed to start' });
      stop();
    };
    // A copy: the map keeps drawing PCA from the original while the worker owns this one.
    const copy = data.slice();
    w.postMessage({ data: copy, count, width } satisfies UmapRequest, [copy.buffer]);
  }, [data, count, width, stop]);

  return [state, start];
}

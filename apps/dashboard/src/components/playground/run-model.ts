'use client';
// A run's trained model in the browser: tfjs loaded on first use, each run's model fetched once per page, predictions.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { useEffect, useState } from 'react';
import { asProbabilities, inputShape } from '../../lib/playground-state';

interface Tf {
  core: typeof import('@tensorflow/tfjs-core');
  layers: typeof import('@tensorflow/tfjs-layers');
}

let tfLoading: Promise<Tf> | undefined;

/**
 * tfjs is imported on demand so only this page's bundle carries it, and only the parts it runs: core, layers and the
 * cpu backend. All of `@tensorflow/tfjs` (webgl, data, converter too) made one 1,146 kB chunk (280 kB gzipped); these
 * three make 686 kB (187 kB gzipped), measured on `next build`'s output.
 * The cpu backend: these MLPs need about 100k multiply-adds per digit (well under a millisecond in JS), while webgl
 * would compile shaders first and is missing in browsers without a GPU; wasm would have to fetch its .wasm files.
 */
function loadTf(): Promise<Tf> {
  tfLoading ??= Promise.all([import('@tensorflow/tfjs-core'), import('@tensorflow/tfjs-layers'), import('@tensorflow/tfjs-backend-cpu')]).then(
    async ([core, layers]) => {
      await core.setBackend('cpu');
      await core.ready();
      return { core, layers };
    },
  );
  return tfLoading;
}

export function modelUrl(runId: string): string {
  return `/api/runs/${runId}/model/model.json`;
}

/** tfjs reports a failed fetch as "Request to ... failed with status code 404"; the server's one line says why. */
async function fetchExplained(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (!res.ok) throw new Error((await res.text()).trim() || `${res.status} ${res.statusText}`);
  return res;
}

const models = new Map<string, Promise<LayersModel>>();

function loadRunModel(runId: string): Promise<LayersModel> {
  let model = models.get(runId);
  if (!model) {
    model = loadTf().then(({ layers }) => layers.loadLayersModel(modelUrl(runId), { fetchFunc: fetchExplained }));
    // A failure is not cached: the next mount (or the retry button) tries again.
    model.catch(() => models.delete(runId));
    models.set(runId, model);
  }
  return model;
}

/**
 * Class probabilities for one 784-value input, shaped as the model takes it (the trainer's MLPs a flat [784], a
 * user's CNN [28, 28, 1]: the same bytes in the same order); logits go through softmax, probabilities stay as they are.
 */
export async function classProbabilities(model: LayersModel, input: Float32Array): Promise<number[]> {
  const { core } = await loadTf();
  const output = core.tidy(() => {
    const out = model.predict(core.tensor(input, inputShape(model.inputs[0].shape, input.length)));
    return (Array.isArray(out) ? out[0] : out).dataSync();
  });
  return asProbabilities(output);
}

export type ModelState = { status: 'loading' } | { status: 'ready'; model: LayersModel } | { status: 'error'; message: string };

export function useRunModel(runId: string): [ModelState, () => void] {
  const [state, setState] = useState<ModelState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    loadRunModel(runId).then(
      (model) => current && setState({ status: 'ready', model }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [runId, attempt]);
  return [state, () => setAttempt((n) => n + 1)];
}

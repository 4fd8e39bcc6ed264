// Serializes trained weights as a tfjs layers model (model.json + weights.bin), whichever engine trained them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs';
import type { Architecture } from './architecture';
import { PIXELS } from './architecture';
import { activateTfjsBackend, loadTfjs } from './tfjs/backend';
import { buildSequential, setModelWeights } from './tfjs/sequential';

export const WEIGHTS_FILE = 'weights.bin';
export const MODEL_FILE = 'model.json';

export interface TfjsArtifacts {
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
}

/**
 * Builds the equivalent tf.Sequential on the cpu backend, copies the weights in and captures what
 * `model.save` produces through `tf.io.withSaveHandler` (tfjs-node's file:// saver is not always installed).
 * The previously active tfjs backend, if any, is restored, so a wasm-trained model keeps running on wasm.
 */
export async function toTfjsArtifacts(arch: Architecture, weights: readonly Float32Array[]): Promise<TfjsArtifacts> {
  const tf = await loadTfjs();
  // Declared a string, but undefined until some backend was activated (tf.getBackend() would initialize one).
  const previous = (tf.engine().backendName as string | undefined) ?? null;
  await activateTfjsBackend('cpu');
  try {
    const model = buildSequential(tf, arch);
    let artifacts: io.ModelArtifacts | null = null;
    try {
      setModelWeights(tf, model, arch, weights);
      await model.save(
        tf.io.withSaveHandler(async (a) => {
          artifacts = a;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
    } finally {
      model.dispose();
    }
    const saved = artifacts as io.ModelArtifacts | null;
    if (saved === null || saved.weightData === undefined) throw new Error('tfjs produced no model artifacts');
    const modelJson: Record<string, unknown> = {
      format: 'layers-model',
      generatedBy: `mnist-lab (TensorFlow.js tfjs-layers v${tf.version_layers})`,
      convertedBy: null,
      modelTopology: saved.modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: saved.weightSpecs }],
      userDefinedMetadata: { input: `flat [${PIXELS}] float32: 28x28 pixels row-major, scaled to [0, 1]`, output: 'logits [10]' },
    };
    return { modelJson, weights: new Uint8Array(tf.io.concatenateArrayBuffers(saved.weightData)) };
  } finally {
    if (previous !== null && previous !== 'cpu') await tf.setBackend(previous);
  }
}

export async function saveTfjsArtifacts(artifacts: TfjsArtifacts, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, MODEL_FILE), JSON.stringify(artifacts.modelJson));
  await writeFile(path.join(dir, WEIGHTS_FILE), artifacts.weights);
}

// A tfjs LayersModel as the files the server stores and serves (model.json + weights.bin), captured without tfjs itself.

/** The part of tfjs' `io.ModelArtifacts` a save handler receives and this module reads. */
export interface SavedModelArtifacts {
  modelTopology?: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs?: unknown[];
  /** tfjs 4 may hand the weights over as several buffers (its `WeightData`). */
  weightData?: ArrayBuffer | ArrayBuffer[];
  trainingConfig?: unknown;
  userDefinedMetadata?: unknown;
  signature?: unknown;
  modelInitializer?: unknown;
}

/** tfjs' `io.SaveResult`, as much of it as `model.save` needs back. */
interface SaveResult {
  modelArtifactsInfo: { dateSaved: Date; modelTopologyType: 'JSON' };
}

/**
 * Anything saved the way a tfjs LayersModel is: `model.save(handler)` calls `handler.save(artifacts)`. Typed by its
 * shape so that the SDK loads without tfjs, and works with whichever copy of tfjs the user's model comes from.
 */
export interface SaveableModel {
  save(handler: { save: (artifacts: SavedModelArtifacts) => Promise<SaveResult> }): Promise<unknown>;
}

export const MODEL_WEIGHTS_FILE = 'weights.bin';

/** What `run.finish({ model })` uploads: a tfjs layers model.json whose one manifest group names `weights.bin`. */
export interface TfjsModelArtifact {
  format: 'tfjs-layers';
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
}

export function isSaveableModel(value: unknown): value is SaveableModel {
  return typeof value === 'object' && value !== null && typeof (value as { save?: unknown }).save === 'function';
}

/**
 * The model's topology and weights, as `tf.loadLayersModel` reads them back from the run's download URL. The JSON
 * carries the same keys tfjs' own file savers write (tfjs-core io_utils `getModelJSONForModelArtifacts`), so the
 * trainer's models and a user's are served and loaded alike.
 */
export async function modelArtifact(model: SaveableModel): Promise<TfjsModelArtifact> {
  if (!isSaveableModel(model)) throw new TypeError('modelArtifact: expected a tfjs LayersModel (an object with save(handler))');
  let saved: SavedModelArtifacts | undefined;
  await model.save({
    save: async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
  if (saved === undefined) throw new Error('modelArtifact: model.save never called its save handler (is this a tfjs LayersModel?)');
  if (saved.modelTopology == null || saved.weightSpecs === undefined || saved.weightData === undefined) {
    throw new Error('modelArtifact: model.save gave no topology or weights (a tfjs GraphModel cannot be uploaded; use a LayersModel)');
  }
  const modelJson: Record<string, unknown> = {
    format: saved.format ?? 'layers-model',
    generatedBy: saved.generatedBy ?? null,
    convertedBy: saved.convertedBy ?? null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: [MODEL_WEIGHTS_FILE], weights: saved.weightSpecs }],
  };
  for (const key of ['trainingConfig', 'userDefinedMetadata', 'signature', 'modelInitializer'] as const) {
    if (saved[key] != null) modelJson[key] = saved[key];
  }
  return { format: 'tfjs-layers', modelJson, weights: concatenate(saved.weightData) };
}

function concatenate(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part), at);
    at += part.byteLength;
  }
  return out;
}

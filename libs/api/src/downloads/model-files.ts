// A finished run's trained model as files: the tfjs model.json (its manifest naming the weights file) and weights.bin.
import type { Db } from '@mnist-lab/db';

export const WEIGHTS_FILE = 'weights.bin';

export class NoModelError extends Error {
  override name = 'NoModelError';
}

export interface ModelFiles {
  runName: string;
  modelJson: Record<string, unknown>;
  weights: Uint8Array<ArrayBuffer>;
}

interface ManifestGroup {
  paths: string[];
  weights: unknown[];
}

function manifestOf(modelJson: Record<string, unknown>): ManifestGroup[] | null {
  const manifest = modelJson.weightsManifest;
  if (!Array.isArray(manifest)) return null;
  const groups = manifest.filter((g): g is ManifestGroup => typeof g === 'object' && g !== null && Array.isArray(g.paths) && Array.isArray(g.weights));
  return groups.length === manifest.length ? groups : null;
}

/** The run's model files; NoModelError (with the reason) for an unknown run or one that stored no model. */
export async function loadModelFiles(db: Db, runId: string): Promise<ModelFiles> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { name: true, status: true, model: { select: { format: true, modelJson: true, weights: true } } },
  });
  if (!run) throw new NoModelError(`run ${runId} not found`);
  if (!run.model) {
    const why = run.status === 'finished' ? 'it finished without uploading one' : `it is ${run.status}; a model is stored when a run finishes`;
    throw new NoModelError(`run ${runId} has no stored model: ${why}`);
  }
  const modelJson = run.model.modelJson as Record<string, unknown>;
  const manifest = manifestOf(modelJson);
  // The trainer always writes one group with one file; anything else cannot be served as a single weights.bin.
  if (!manifest || manifest.length !== 1 || manifest[0].paths.length !== 1) {
    throw new NoModelError(`run ${runId}'s stored model (${run.model.format}) does not name exactly one weights file`);
  }
  return { runName: run.name, modelJson, weights: run.model.weights };
}

/**
 * model.json with its one weights file renamed: `weights.bin` when served beside it under /model/, and the
 * download's own name when saved to disk, so the two files on disk still find each other.
 */
export function withWeightsPath(modelJson: Record<string, unknown>, weightsPath: string): Record<string, unknown> {
  const [group] = manifestOf(modelJson) ?? [];
  return { ...modelJson, weightsManifest: [{ ...group, paths: [weightsPath] }] };
}


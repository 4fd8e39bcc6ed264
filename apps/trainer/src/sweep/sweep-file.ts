// Reads `--config sweep.yaml` (YAML or JSON) and checks it with the same rules the server applies, naming the file on error.
import type { SweepConfig } from '@mnist-lab/contracts';
import { nativeSweepConfig, parseSweepConfig, SweepConfigError } from '@mnist-lab/sweep';
import { readConfigDocument } from '../config-document';
import { UsageError } from '../usage-error';

export interface SweepFile {
  /** The mapping as written, W&B's format translated, with --max-trials applied: what the server receives and stores. */
  raw: Record<string, unknown>;
  config: SweepConfig;
}

export function readSweepFile(file: string, maxTrials?: number): SweepFile {
  const data = readConfigDocument(file);
  const source = `--config ${file}`;
  try {
    // A W&B sweep.yaml becomes mnist-lab's format here, so the server stores (and the sweep page shows) one format.
    const native = nativeSweepConfig(data, source);
    const isMapping = typeof native === 'object' && native !== null && !Array.isArray(native);
    const raw = isMapping ? { ...(native as Record<string, unknown>), ...(maxTrials === undefined ? {} : { maxTrials }) } : native;
    return { raw: raw as Record<string, unknown>, config: parseSweepConfig(raw, source) };
  } catch (e) {
    if (e instanceof SweepConfigError) throw new UsageError(e.message);
    throw e;
  }
}

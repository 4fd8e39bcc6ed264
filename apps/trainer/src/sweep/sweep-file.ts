// Reads `--config sweep.yaml` (YAML or JSON) and checks it with the same rules the server applies, naming the file on error.
import type { SweepConfig } from '@mnist-lab/metrics';
import { parseSweepConfig, SweepConfigError } from '@mnist-lab/sweep';
import { readConfigDocument } from '../config-document';
import { UsageError } from '../usage-error';

export interface SweepFile {
  /** The mapping as written (with --max-trials applied): what the server receives and stores. */
  raw: Record<string, unknown>;
  config: SweepConfig;
}

export function readSweepFile(file: string, maxTrials?: number): SweepFile {
  const data = readConfigDocument(file);
  const isMapping = typeof data === 'object' && data !== null && !Array.isArray(data);
  const raw = isMapping ? { ...(data as Record<string, unknown>), ...(maxTrials === undefined ? {} : { maxTrials }) } : data;
  try {
    return { raw: raw as Record<string, unknown>, config: parseSweepConfig(raw, `--config ${file}`) };
  } catch (e) {
    if (e instanceof SweepConfigError) throw new UsageError(e.message);
    throw e;
  }
}

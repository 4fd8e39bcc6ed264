// Reads `--config sweep.yaml` (YAML or JSON) and checks it with the same rules the server applies, naming the file on error.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { SweepConfig } from '@mnist-lab/metrics';
import { parseSweepConfig, SweepConfigError } from '@mnist-lab/sweep';
import { UsageError } from '../usage-error';

export interface SweepFile {
  /** The mapping as written (with --max-trials applied): what the server receives and stores. */
  raw: Record<string, unknown>;
  config: SweepConfig;
}

export function readSweepFile(file: string, maxTrials?: number): SweepFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--config ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  let data: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    data = parseYaml(text);
  } catch (e) {
    throw new UsageError(`--config ${file}: not valid JSON or YAML: ${String((e as Error).message).split('\n')[0]}`);
  }
  const isMapping = typeof data === 'object' && data !== null && !Array.isArray(data);
  const raw = isMapping ? { ...(data as Record<string, unknown>), ...(maxTrials === undefined ? {} : { maxTrials }) } : data;
  try {
    return { raw: raw as Record<string, unknown>, config: parseSweepConfig(raw, `--config ${file}`) };
  } catch (e) {
    if (e instanceof SweepConfigError) throw new UsageError(e.message);
    throw e;
  }
}

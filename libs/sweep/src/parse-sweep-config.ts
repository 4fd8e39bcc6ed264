// Reads a sweep configuration (sweep.yaml, already parsed from YAML or JSON) into a SweepConfig, or says in one line what to fix.
import { SweepConfigSchema, type SweepConfig } from '@mnist-lab/contracts';
import { fromWandbSweep, isWandbSweep } from './wandb-sweep';

export class SweepConfigError extends Error {
  override name = 'SweepConfigError';
}

/** A sweep file in mnist-lab's own format: W&B's sweep.yaml translated (see wandb-sweep), anything else as it is. */
export function nativeSweepConfig(input: unknown, source = 'sweep config'): unknown {
  return isWandbSweep(input) ? fromWandbSweep(input as Record<string, unknown>, source) : input;
}

/**
 * Validates `input` (mnist-lab's format, or W&B's sweep.yaml) against SweepConfigSchema; errors read
 * `<source>: <key path>: <problem>`.
 */
export function parseSweepConfig(input: unknown, source = 'sweep config'): SweepConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SweepConfigError(`${source}: expected a mapping with name, method and parameters, e.g. "method: random"`);
  }
  const result = SweepConfigSchema.safeParse(nativeSweepConfig(input, source));
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const at = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  const more = rest.length > 0 ? ` (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'})` : '';
  throw new SweepConfigError(`${source}: ${at}${first.message}${more}`);
}

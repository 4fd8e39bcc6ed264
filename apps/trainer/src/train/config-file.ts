// Reads a `--config` file (JSON or YAML): hyperparameters plus run settings, keys in camelCase or as flag names.
import { readConfigDocument } from '../config-document';
import { UsageError } from '../usage-error';
import { HYPERPARAM_FLAGS } from './hyperparam-flags';

export const RUN_SETTING_KEYS = ['name', 'tags', 'notes', 'backend', 'logEvery', 'threads'] as const;
/** Settings also accepted under their flag's name, as hyperparameters are. */
const SETTING_FLAGS: Record<string, (typeof RUN_SETTING_KEYS)[number]> = { 'log-every': 'logEvery' };

export interface ConfigFile {
  hyperparams: Record<string, unknown>;
  settings: Partial<Record<(typeof RUN_SETTING_KEYS)[number], unknown>>;
}

const byName = new Map<string, string>();
for (const f of HYPERPARAM_FLAGS) {
  byName.set(f.key, f.key);
  byName.set(f.flag, f.key);
}

export function readConfigFile(file: string): ConfigFile {
  const data = readConfigDocument(file);
  if (data === null || data === undefined) return { hyperparams: {}, settings: {} };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`--config ${file}: expected a mapping of settings, e.g. "learningRate: 0.001"`);
  }
  const out: ConfigFile = { hyperparams: {}, settings: {} };
  for (const [key, value] of Object.entries(data)) {
    const rawKey = SETTING_FLAGS[key] ?? key;
    const hp = byName.get(rawKey);
    if (hp) {
      out.hyperparams[hp] = value;
    } else if ((RUN_SETTING_KEYS as readonly string[]).includes(rawKey)) {
      out.settings[rawKey as (typeof RUN_SETTING_KEYS)[number]] = value;
    } else {
      throw new UsageError(`--config ${file}: unknown key '${rawKey}'`);
    }
  }
  return out;
}

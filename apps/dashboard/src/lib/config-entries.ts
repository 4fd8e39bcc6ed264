// A run's config as flat rows of dotted paths (optimizer.lr), in the order a reader scans them, whatever its keys are.
import { DEFAULT_HYPERPARAMS, configPaths, configValue, type JsonValue, type RunConfig } from '@mnist-lab/contracts';

export interface ConfigEntry {
  path: string;
  value: JsonValue;
}

/** The trainer's keys keep its schema's order (architecture, then optimisation, then data) where a config has them. */
const KNOWN_ORDER = new Map(Object.keys(DEFAULT_HYPERPARAMS).map((k, i) => [k, i]));

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Dotted paths sorted for reading: the trainer's top-level keys first in its schema's order, every other key
 * alphabetically; the paths under one top-level key stay together. PostgreSQL's jsonb keeps no key order, so the
 * order a script wrote its keys in cannot be shown.
 */
export function orderConfigPaths(paths: Iterable<string>): string[] {
  const rank = (p: string) => KNOWN_ORDER.get(p.split('.')[0]) ?? KNOWN_ORDER.size;
  return [...new Set(paths)].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** Every leaf of a config with its value; an empty config has none. */
export function configEntries(config: RunConfig | null | undefined): ConfigEntry[] {
  if (!config) return [];
  return orderConfigPaths(configPaths(config)).map((path) => ({ path, value: configValue(config, path) as JsonValue }));
}

/** `optimizer.lr` -> { parent: 'optimizer.', leaf: 'lr' }: the parent is drawn muted, so nested keys read as a tree. */
export function splitPath(path: string): { parent: string; leaf: string } {
  const i = path.lastIndexOf('.');
  return i < 0 ? { parent: '', leaf: path } : { parent: path.slice(0, i + 1), leaf: path.slice(i + 1) };
}

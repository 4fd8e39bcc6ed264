// Reads a `--config` file as JSON or YAML, with the one-line errors every command that takes one gives.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './usage-error';

/** The parsed document, whatever its shape; callers check that it is the mapping they expect. */
export function readConfigDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--config ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  try {
    // YAML is a superset of JSON, so one parser reads both.
    return parseYaml(text);
  } catch (e) {
    throw new UsageError(`--config ${file}: not valid JSON or YAML: ${String((e as Error).message).split('\n')[0]}`);
  }
}

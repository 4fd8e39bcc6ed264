// Runs a sweep to its end with the `mnist-lab sweep` CLI, as a user does, for the specs that check what it left.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCli } from './cli';
import type { Stack } from './stack';

/** `mnist-lab sweep --config <yaml> --parallel 1` against the stack's server; resolves to the id of the sweep it ran. */
export async function runSweep(stack: Stack, yaml: string): Promise<string> {
  const config = path.join(stack.home, 'sweep.yaml');
  writeFileSync(config, yaml);
  const sweep = startCli(['sweep', '--config', config, '--parallel', '1'], stack.cliEnv());
  const code = await sweep.exit;
  if (code !== 0) throw new Error(`mnist-lab sweep exited with ${code}:\n${sweep.output()}`);
  const created = /sweep \S+ \(([0-9a-f-]{36})\)/.exec(sweep.output());
  if (!created) throw new Error(`mnist-lab sweep did not print the sweep's id:\n${sweep.output()}`);
  return created[1];
}

// `mnist-lab sweep` and `agent` as a user runs them: bad input is one line and exit code 2, before anything starts.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/mnist-lab.js', import.meta.url));
const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-sweep-cli-'));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      // Port 9 (discard) refuses connections: nothing here may need a server.
      { encoding: 'utf8', env: { ...process.env, MNIST_LAB_HOME: home, MNIST_LAB_SERVER: 'http://127.0.0.1:9' }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

function file(name: string, text: string): string {
  const p = path.join(home, name);
  writeFileSync(p, text);
  return p;
}

describe('mnist-lab sweep / agent: bad input', () => {
  const grid = 'name: g\nmethod: grid\nparameters:\n  dropout: { values: [0.1, 0.3] }\n';
  it.each([
    [['sweep'], /give --config <file> for a new sweep, or --resume <id>/],
    [['sweep', '--config', '/nonexistent/sweep.yaml'], /--config \/nonexistent\/sweep.yaml: no such file/],
    [['sweep', '--config', 'BROKEN'], /not valid JSON or YAML/],
    [['sweep', '--config', 'RANGE_IN_GRID'], /parameters\.dropout: a grid sweep needs values: \[\.\.\.\] here/],
    [['sweep', '--config', 'NO_MAX'], /maxTrials: a random sweep needs maxTrials/],
    [['sweep', '--config', 'GRID', '--parallel', '0'], /--parallel.*expected a whole number from 1 to 64/],
    [['sweep', '--config', 'GRID', '--threads', '0'], /--threads.*expected a whole number from 1 to 64/],
    [['agent', '--sweep', '3f2a0000-0000-4000-8000-000000000000', '--threads', 'two'], /--threads.*expected a whole number from 1 to 64/],
    [['sweep', '--config', 'GRID', '--resume', '3f2a0000-0000-4000-8000-000000000000'], /give --config <file> for a new sweep, or --resume <id>/],
    [['sweep', '--resume', '3f2a0000-0000-4000-8000-000000000000', '--max-trials', '3'], /--max-trials and --seed go with --config/],
    [['sweep', '--resume', 'nope'], /--resume nope: sweep ids are UUIDs/],
    [['sweep', '--config', 'GRID', '--seeds', '3'], /--seeds goes with --repeat-best <k>/],
    [['sweep', '--config', 'GRID', '--repeat-best', '0'], /--repeat-best.*expected a whole number from 1 to 100/],
    [['agent'], /required option '--sweep <id>' not specified/],
    [['agent', '--sweep', 'nope'], /--sweep nope: sweep ids are UUIDs/],
  ])('%j exits 2 with one line', async (args, message) => {
    const files: Record<string, string> = {
      BROKEN: file('broken.yaml', 'parameters: [1,\n'),
      RANGE_IN_GRID: file('range.yaml', 'name: g\nmethod: grid\nparameters:\n  dropout: { distribution: uniform, min: 0, max: 0.5 }\n'),
      NO_MAX: file('nomax.yaml', 'name: r\nmethod: random\nparameters:\n  dropout: { distribution: uniform, min: 0, max: 0.5 }\n'),
      GRID: file('grid.yaml', grid),
    };
    const r = await run(args.map((a) => files[a] ?? a));
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  }, 60_000);

  it('a good config with no server to create it on exits 1, saying where it looked', async () => {
    const r = await run(['sweep', '--config', file('ok.yaml', 'name: g\nmethod: grid\nparameters:\n  dropout: { values: [0.1, 0.3] }\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/cannot reach the tracking server at http:\/\/127.0.0.1:9/)]);
  }, 60_000);
});

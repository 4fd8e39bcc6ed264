// The compiled CLI as `npm run build` makes it (build.mjs): it trains as the sources do, its `--help` loads no engine,
// and bin/mnist-lab.js takes it only while it is newer than every source it was built from.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentBuild } from '../bin/compiled-build.js';

const trainer = fileURLToPath(new URL('..', import.meta.url));
// Directly under apps/trainer, as dist/ is: the build finds the bin and node_modules relative to itself.
const out = mkdtempSync(path.join(trainer, 'dist-spec-'));
const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-build-'));

function node(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { encoding: 'utf8', env: { ...process.env, MNIST_LAB_HOME: home }, timeout: 300_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  const r = await node([path.join(trainer, 'build.mjs'), '--outdir', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the compiled CLI', () => {
  const main = () => path.join(out, 'main.js');

  it('prints its version and help', async () => {
    const version = await node([main(), '--version']);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(path.join(trainer, 'package.json'), 'utf8')).version}\n`);
    const help = await node([main(), '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mnist-lab /);
  }, 60_000);

  // The fused engine's kernels, tfjs's wasm binaries and the MNIST files are all found from dist/.
  it.each([[[]], [['--backend', 'wasm']], [['--arch', 'cnn', '--train-limit', '256']]])('trains %j and reports the test set', async (extra) => {
    const r = await node([main(), 'train', '--offline', '--quiet', '--epochs', '1', '--train-limit', '1000', ...extra, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.status).toBe('finished');
    expect(result.test.count).toBe(10_000);
    expect(result.test.accuracy).toBeGreaterThan(0.15);
  }, 300_000);

  it('loads neither the training engine nor the tracking client before a command runs', () => {
    const meta = JSON.parse(readFileSync(path.join(out, 'metafile.json'), 'utf8')) as {
      outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }>;
    };
    const rel = (f: string) => path.relative(trainer, path.join(out, f));
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const i of meta.outputs[file].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
    };
    visit(rel('main.js'));
    const inputs = [...loaded].flatMap((f) => Object.keys(meta.outputs[f].inputs));
    expect(inputs).toContain('src/cli.ts');
    expect(inputs.filter((f) => /libs\/(model|client|data)\/|@trpc|yaml|train-command|sweep-command|agent/.test(f))).toEqual([]);
  });
});

describe('bin/mnist-lab.js: which build it runs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mnist-lab-build-info-'));
  const source = path.join(dir, 'src', 'a.ts');
  mkdirSync(path.dirname(source));
  const dist = path.join(dir, 'dist');
  mkdirSync(dist);
  const built = (builtAt: number, inputs = ['../src/a.ts']) => writeFileSync(path.join(dist, 'build-info.json'), JSON.stringify({ builtAt, inputs }));

  it('the build while it is newer than every source, else none (the sources through tsx)', () => {
    writeFileSync(source, 'export {};\n');
    const t = Date.now() / 1000;
    utimesSync(source, t - 60, t - 60);
    built((t - 30) * 1000);
    expect(currentBuild(dist)).toBe(path.join(dist, 'main.js'));
    utimesSync(source, t, t);
    expect(currentBuild(dist)).toBeUndefined();
    built((t + 1) * 1000, ['../src/a.ts', '../src/gone.ts']);
    expect(currentBuild(dist)).toBeUndefined();
    rmSync(path.join(dist, 'build-info.json'));
    expect(currentBuild(dist)).toBeUndefined();
  });
});

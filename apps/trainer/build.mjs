// Builds dist/ for the `mnist-lab` bin: the CLI, the workspace libs and its registry packages as ESM bundles split at
// the commands' lazy imports (so `--help` loads the command line, not the training engine), and build-info.json naming
// every source it was built from, which bin/mnist-lab.js checks before using the build.
//
// Registry packages are bundled too: commander, zod and the rest loaded as one file each instead of hundreds of modules
// (`--help`: 256 -> 162 ms of CPU here). tfjs stays in node_modules: it finds its wasm binaries and native addon beside
// its own files, and it loads only when a run trains on it. The libs find their files from dist/ as from their sources:
// the MNIST files by node resolution from the importing file (node_modules above dist/), the fused engine's wasm kernels
// are inlined in a source file, and the client's HTTP worker is copied beside the chunks, where worker-fetch.ts looks.
// `node build.mjs --outdir <dir>` builds elsewhere (a folder directly under apps/trainer: src/cli-bin.ts says why).
// Nx runs it (package.json "nx") without the libs' builds first, since it bundles their sources, and without its cache:
// it takes under a second, and a dist/ restored from the cache would carry an old build time, so the bin would skip it.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const outFlag = process.argv.indexOf('--outdir');
const dist = path.resolve(outFlag > 0 ? process.argv[outFlag + 1] : path.join(root, 'dist'));

// Inputs are compared with this, not with the end of the build: a source saved while esbuild ran makes the build stale.
const startedAt = Date.now();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });


const result = await build({
  // The metafile's paths are then relative to this package, wherever the build is started from.
  absWorkingDir: root,
  // The fused engine's helper threads start from mlp-worker.js beside the chunks (libs/model mlp-threads.ts looks there).
  entryPoints: { main: path.join(root, 'src/main.ts'), 'mlp-worker': path.join(root, '../../libs/model/src/fused/mlp-worker.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  // Chunks directly in dist/, beside main.js: cli-bin.ts and the client's worker URL are relative to them.
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // @mnist-lab/* from their sources, as tsx runs them.
  conditions: ['@mnist-lab/source'],
  external: [...builtinModules, 'node:*', '@tensorflow/*'],
  // Bundled CommonJS packages (commander) require node's modules, which an ES module has no `require` for.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
const bundled = Object.keys(result.metafile.inputs)
  .filter((f) => !f.includes('node_modules'))
  .map((f) => path.resolve(root, f));
// The client starts its HTTP worker from a file beside worker-fetch's code: new URL('./http-worker.mjs', import.meta.url).
const workerFetch = bundled.find((f) => f.endsWith(path.join('transport', 'worker-fetch.ts')));
if (!workerFetch) throw new Error("build.mjs: the client's worker-fetch.ts is no longer bundled; drop the http-worker copy");
const workerSource = path.join(path.dirname(workerFetch), 'http-worker.mjs');
copyFileSync(workerSource, path.join(dist, 'http-worker.mjs'));

// A bundled registry package counts by its package.json: an install that changes it (npm ci) makes the build stale.
const packages = new Set(
  Object.keys(result.metafile.inputs)
    .map((f) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1])
    .filter((dir) => dir !== undefined)
    .map((dir) => path.resolve(root, dir, 'package.json')),
);
const sources = [...bundled, ...packages, workerSource, fileURLToPath(import.meta.url)];
const info = {
  builtAt: startedAt,
  // Relative to dist/, so the check does not depend on where the repo is.
  inputs: sources.map((f) => path.relative(dist, f)).sort(),
};
writeFileSync(path.join(dist, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
// Which source went into which chunk, and which chunks main.js loads before any command runs (build.spec.ts reads it).
writeFileSync(path.join(dist, 'metafile.json'), JSON.stringify(result.metafile));
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
console.log(`built ${path.relative(process.cwd(), dist) || '.'}: mnist-lab ${version} from ${info.inputs.length} sources`);

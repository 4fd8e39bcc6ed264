// Builds dist/ for `npm pack`: one ESM bundle (workspace packages inlined, registry dependencies left to npm), one
// self-contained index.d.ts, and the HTTP worker beside the bundle, where worker-fetch.ts looks for it.
// `node build.mjs --js-only` skips the declarations (a minute of the build's 75 s here): the bench runs the bundle.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateDtsBundle } from 'dts-bundle-generator';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// What an install brings (zod, ...) stays an import; @mnist-lab/* are private workspace packages and are inlined.
const external = [...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }), ...builtinModules, 'node:*'];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [path.join(root, 'src/index.ts')],
  outfile: path.join(dist, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
copyFileSync(path.join(root, 'src/transport/http-worker.mjs'), path.join(dist, 'http-worker.mjs'));

const jsOnly = process.argv.includes('--js-only');
// One declaration file; tsconfig.dts.json makes @mnist-lab/* local sources, so their types are inlined, not imported.
if (!jsOnly) {
  const [dts] = generateDtsBundle([{ filePath: path.join(root, 'src/index.ts'), output: { noBanner: true } }], {
    preferredConfigPath: path.join(root, 'tsconfig.dts.json'),
  });
  if (/from ['"]@mnist-lab\//.test(dts)) throw new Error('dist/index.d.ts still imports a workspace package; inline it in build.mjs');
  writeFileSync(path.join(dist, 'index.d.ts'), dts);
}
console.log(`built ${path.relative(process.cwd(), dist)}: index.js${jsOnly ? '' : ', index.d.ts'}, http-worker.mjs`);

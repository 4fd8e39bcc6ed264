// Whether the dashboard's production build is still the one its sources make: `npm start` and the browser tests
// rebuild when it is not, so an updated checkout never serves the build of an older one.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// Every lib the dashboard's bundle compiles from source, and the lockfile (an upgraded dependency is bundled too).
const SOURCES = ['src', 'next.config.ts', '../../package-lock.json', ...['api', 'contracts', 'db', 'data', 'sweep'].map((lib) => `../../libs/${lib}/src`)];

export type BuildState = 'fresh' | 'missing' | 'incomplete' | 'stale';

/**
 * Files `next build` writes last, after BUILD_ID (seen in Next 16's output: the manifests follow BUILD_ID): a build
 * interrupted by Ctrl-C or a kill can leave BUILD_ID behind without them, and serving that fails on the first missing
 * manifest with a stack trace (`ENOENT ... .next/server/preview-props.json`).
 */
const LAST_WRITTEN = ['prerender-manifest.json', 'routes-manifest.json', 'server/preview-props.json'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => (name === 'generated' ? max : Math.max(max, newestMtime(path.join(entry, name)))), stat.mtimeMs);
}

/**
 * `missing`: no build in `dir`/.next; `incomplete`: a build that did not finish; `stale`: a source changed after it
 * was built.
 */
export function buildState(dir: string): BuildState {
  const buildId = path.join(dir, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'missing';
  if (LAST_WRITTEN.some((file) => !existsSync(path.join(dir, '.next', file)))) return 'incomplete';
  return statSync(buildId).mtimeMs > Math.max(...SOURCES.map((s) => newestMtime(path.join(dir, s)))) ? 'fresh' : 'stale';
}

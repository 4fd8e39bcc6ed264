// Makes sure the production build the server serves is newer than the dashboard's sources, so the browser tests what is on disk.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const SOURCES = ['src', 'next.config.ts', '../../libs/api/src', '../../libs/metrics/src', '../../libs/db/src'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => (name === 'generated' ? max : Math.max(max, newestMtime(path.join(entry, name)))), stat.mtimeMs);
}

/** Runs `next build` in `dir` when there is no build or any source changed after it. */
export async function ensureFreshBuild(dir: string, log: (line: string) => void): Promise<void> {
  const buildId = path.join(dir, '.next', 'BUILD_ID');
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(dir, s))));
  if (builtAt > changedAt) return;
  log(builtAt ? 'sources changed since the last build: running `next build`' : 'no production build: running `next build`');
  const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve('next/package.json')), 'dist/bin/next');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
      // The parent's environment (PATH, HOME) plus what a production build needs.
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}): see its output above`))));
  });
}

// Makes sure the production build the server serves is newer than the dashboard's sources, so the browser tests what is on disk.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildState } from '../../server/build-freshness';

/** Several e2e suites (and people) share one .next: a build already running is waited for, this long at most. */
const WAIT_FOR_OTHER_BUILD_MS = 15 * 60_000;
const BUSY = 'Another next build process is already running';

/** Runs `next build`; resolves to 'busy' when another build holds the output folder. */
function nextBuild(dir: string): Promise<'built' | 'busy'> {
  const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve('next/package.json')), 'dist/bin/next');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'pipe'],
      // The parent's environment (PATH, HOME) plus what a production build needs.
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve('built');
      else if (stderr.includes(BUSY)) resolve('busy');
      else reject(new Error(`next build failed (exit ${code}): see its output above`));
    });
  });
}

/** Runs `next build` in `dir` when there is no build or any source changed after it. */
export async function ensureFreshBuild(dir: string, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + WAIT_FOR_OTHER_BUILD_MS;
  while (buildState(dir) !== 'fresh') {
    log('the production build is missing or older than the sources: running `next build`');
    if ((await nextBuild(dir)) === 'built') return;
    if (Date.now() > deadline) throw new Error(`another next build kept ${dir}/.next busy for ${WAIT_FOR_OTHER_BUILD_MS / 60_000} minutes`);
    log('another next build is running in this folder: waiting for it');
    await sleep(10_000);
  }
}

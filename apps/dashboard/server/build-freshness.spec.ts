// When `npm start` (and the browser tests) must rebuild: no build, or a source of the bundle changed after it.
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildState } from './build-freshness';

let root: string;

/** A checkout in miniature: apps/dashboard with a page, libs/api with a module, the lockfile; every file at `at` seconds. */
function checkout(at: number): string {
  root = mkdtempSync(path.join(tmpdir(), 'mnist-lab-freshness-'));
  const files = ['apps/dashboard/src/app/page.tsx', 'apps/dashboard/next.config.ts', 'libs/api/src/index.ts', 'libs/db/src/generated/client.ts', 'package-lock.json'];
  for (const file of files) touch(file, at);
  return path.join(root, 'apps/dashboard');
}

/** A finished build as of `at`: BUILD_ID and the manifests next build writes after it. */
function built(at: number): void {
  for (const file of ['BUILD_ID', 'prerender-manifest.json', 'routes-manifest.json', 'server/preview-props.json']) touch(`apps/dashboard/.next/${file}`, at);
}

/** Writes `file` as of `at`; a new file also dates its folders (a folder's mtime changes with its entries, not with an edit). */
function touch(file: string, at: number): void {
  const full = path.join(root, file);
  const created = !existsSync(full);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, at, at);
  if (!created) return;
  for (let dir = path.dirname(full); dir.startsWith(root) && dir !== root; dir = path.dirname(dir)) utimesSync(dir, at, at);
}

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('buildState', () => {
  it('is missing without a build', () => {
    expect(buildState(checkout(1_000))).toBe('missing');
  });

  it('is fresh when the build is newer than every source', () => {
    const dir = checkout(1_000);
    built(2_000);
    expect(buildState(dir)).toBe('fresh');
  });

  it("is stale when the dashboard's, a lib's source or the lockfile changed after the build", () => {
    for (const source of ['apps/dashboard/src/app/page.tsx', 'libs/api/src/index.ts', 'package-lock.json']) {
      const dir = checkout(1_000);
      built(2_000);
      touch(source, 3_000);
      expect(buildState(dir), source).toBe('stale');
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is incomplete when a build was interrupted after BUILD_ID, before its last manifests', () => {
    const dir = checkout(1_000);
    touch('apps/dashboard/.next/BUILD_ID', 2_000);
    touch('apps/dashboard/.next/routes-manifest.json', 2_000);
    expect(buildState(dir)).toBe('incomplete');
    built(2_000);
    expect(buildState(dir)).toBe('fresh');
  });

  it('ignores the Prisma client, which every npm install generates again', () => {
    const dir = checkout(1_000);
    built(2_000);
    touch('libs/db/src/generated/client.ts', 3_000);
    expect(buildState(dir)).toBe('fresh');
  });
});

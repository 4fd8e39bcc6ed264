import { mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMnistDir } from '@mnist-lab/data';
import { loadSplitMnist } from './data-cache';

describe('loadSplitMnist (the data a process keeps between runs)', () => {
  it('reads the files once, and splits again only for another fraction or seed', async () => {
    const a = await loadSplitMnist(undefined, 0.1, 1);
    const b = await loadSplitMnist(undefined, 0.1, 1);
    expect(b.split).toBe(a.split);
    expect(b.test).toBe(a.test);
    expect(a.split.train.count + a.split.validation.count).toBe(60_000);

    const c = await loadSplitMnist(undefined, 0.1, 2);
    expect(c.test).toBe(a.test);
    expect(c.split).not.toBe(a.split);
    expect(Array.from(c.split.validation.indices.subarray(0, 20))).not.toEqual(Array.from(a.split.validation.indices.subarray(0, 20)));

    const d = await loadSplitMnist(undefined, 0.2, 2);
    expect(d.split.validation.count).toBe(12_000);
  });

  it('does not keep a failed read: the next run tries the files again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mnist-lab-no-data-'));
    // The four files are read at once: whichever is found missing first is named.
    await expect(loadSplitMnist(dir, 0.1, 1)).rejects.toThrow(/-ubyte: missing: no such file in /);
    // The user puts the files in place and runs again, in the same agent process.
    for (const f of readdirSync(defaultMnistDir())) symlinkSync(path.join(defaultMnistDir(), f), path.join(dir, f));
    const ok = await loadSplitMnist(dir, 0.1, 1);
    expect(ok.test.count).toBe(10_000);
  });
});

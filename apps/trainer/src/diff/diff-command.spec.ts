// `mnist-lab diff` without a server: how run references resolve, and what the terminal table says.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error';
import { resolveRun } from './diff-command';
import { biggestMoves, formatDiff, wrapIndices, type RunDiff } from './diff-format';

const SERVER = 'http://127.0.0.1:3000';
const ID = '0f1e2d3c-4b5a-4978-8877-665544332211';
const match = (id: string, name: string) => ({ id, name, status: 'finished' as const, startedAt: '2026-01-01T00:00:00.000Z' });

describe('resolveRun', () => {
  it('takes a full id as is, without asking the server', async () => {
    const find = () => Promise.reject(new Error('not called'));
    expect(await resolveRun(find, ID.toUpperCase(), SERVER)).toBe(ID);
  });

  it('resolves a unique prefix or name to its id', async () => {
    expect(await resolveRun(async () => [match(ID, 'adam')], '0f1e', SERVER)).toBe(ID);
  });

  it('refuses no match and an ambiguous one with a usage error naming the candidates', async () => {
    await expect(resolveRun(async () => [], 'ghost', SERVER)).rejects.toThrow(new UsageError(`no run matches "ghost" on ${SERVER} (give a run id, the start of one, or a run name)`));
    const two = [match(ID, 'adam'), match('0f1e9999-0000-4000-8000-000000000000', 'sgd')];
    const error = await resolveRun(async () => two, '0f1e', SERVER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('"0f1e" matches 2 runs (0f1e2d3c adam, 0f1e9999 sgd): give more of the id');
  });

  it('an unreachable server is not a usage error', async () => {
    const error = await resolveRun(() => Promise.reject(new TypeError('fetch failed')), 'adam', SERVER).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/cannot reach the tracking server at http:\/\/127.0.0.1:3000 \(fetch failed\)/);
  });
});

describe('formatDiff', () => {
  const diff: RunDiff = {
    a: { id: ID, name: 'adam', seed: 1, accuracy: 0.9612, errors: 388 },
    b: { id: '9f1e2d3c-4b5a-4978-8877-665544332211', name: 'sgd', seed: 1, accuracy: 0.968, errors: 320 },
    total: 10_000,
    counts: { fixed: 3, broke: 1, stillWrongSame: 0, stillWrongDifferent: 2 },
    groups: { fixed: [12, 40, 115], broke: [7], stillWrongSame: [], stillWrongDifferent: [3, 9] },
    confusionDelta: [],
    cells: [
      { trueLabel: 4, predictedLabel: 9, delta: -12, into: [], outOf: [] },
      { trueLabel: 7, predictedLabel: 2, delta: 5, into: [], outOf: [] },
      { trueLabel: 7, predictedLabel: 7, delta: 20, into: [], outOf: [] },
    ],
    digits: [],
  };

  it('prints both runs, one count per group, the net change and every group’s test indices', () => {
    const text = formatDiff(diff);
    expect(text).toContain('A  adam  0f1e2d3c  test accuracy 96.12% (388 wrong)');
    expect(text).toMatch(/^fixed \(wrong in A, right in B\) +3$/m);
    expect(text).toMatch(/^newly broken \(right in A, wrong in B\) +1$/m);
    expect(text).toMatch(/^still wrong, same label +0$/m);
    expect(text).toContain('B gets 2 more of the 10000 test digits right (+0.02 points).');
    expect(text).toContain('fixed (wrong in A, right in B): 3 test indices\n  12, 40, 115');
    expect(text).toContain('still wrong, same label: 0 test indices\n  (none)');
  });

  it('lists the biggest off-diagonal confusion changes, largest first', () => {
    expect(biggestMoves(diff)).toEqual(['4→9 −12', '7→2 +5']);
  });

  it('wraps long index lists to the terminal width', () => {
    const lines = wrapIndices(Array.from({ length: 100 }, (_, i) => 1_000 + i), 40);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.join(' ').split(',').length).toBe(100);
  });
});

// Runs that differ only in their seed are one configuration; two configurations become the gap panel's A and B.
import type { RunConfig } from '@mnist-lab/contracts';
import { describe, expect, it } from 'vitest';
import { configurationKey, defaultSides, groupByConfiguration, groupRuns, hasSeedRepeats, parseGroupBy, serializeGroupBy, varyingPaths } from './run-groups';

const run = (id: string, lr: number, seed: number) => ({ id, config: { learningRate: lr, seed, hiddenUnits: [64, 32] } });

describe('run groups', () => {
  it('ignores the seed and the order of keys', () => {
    expect(configurationKey({ seed: 1, a: 1, b: [2] })).toBe(configurationKey({ b: [2], a: 1, seed: 9 }));
    expect(configurationKey({ a: 1 })).not.toBe(configurationKey({ a: 2 }));
  });

  it('groups seeds of the same configuration in order of first appearance', () => {
    const runs = [run('x1', 0.01, 1), run('y1', 0.001, 1), run('x2', 0.01, 2), run('y2', 0.001, 2)];
    expect(groupByConfiguration(runs)).toEqual([
      ['x1', 'x2'],
      ['y1', 'y2'],
    ]);
    expect(defaultSides(runs)).toEqual({ x1: 'a', x2: 'a', y1: 'b', y2: 'b' });
  });

  it('groups nested and foreign configs by their values, whatever order their keys came in', () => {
    const sdk = (id: string, lr: number, seed: number) => ({ id, config: { seed, arch: 'cnn', optimizer: { name: 'adam', lr } } });
    const reordered = { id: 'z', config: { optimizer: { lr: 0.001, name: 'adam' }, arch: 'cnn', seed: 3 } };
    expect(groupByConfiguration([sdk('x', 0.001, 1), sdk('y', 0.01, 1), reordered, { id: 'e', config: {} }])).toEqual([['x', 'z'], ['y'], ['e']]);
    expect(configurationKey({ optimizer: { lr: 1 } })).not.toBe(configurationKey({ optimizer: { lr: 2 } }));
  });

  it('chooses nothing when the runs are one configuration or more than two', () => {
    expect(defaultSides([run('x1', 0.01, 1), run('x2', 0.01, 2)])).toEqual({});
    expect(defaultSides([run('x', 0.01, 1), run('y', 0.02, 1), run('z', 0.03, 1)])).toEqual({});
  });

  it('groups by chosen keys, a missing key being a group of its own, labelled by the values', () => {
    const runs: { id: string; config: RunConfig }[] = [
      { id: 'a', config: { arch: 'mlp', lr: 0.01, seed: 1 } },
      { id: 'b', config: { arch: 'cnn', lr: 0.01, seed: 1 } },
      { id: 'c', config: { arch: 'mlp', lr: 0.001, seed: 2 } },
      { id: 'd', config: { lr: 0.01 } },
    ];
    expect(groupRuns(runs, { kind: 'keys', keys: ['arch'] })).toEqual([
      { key: '["mlp"]', label: 'arch=mlp', runIds: ['a', 'c'] },
      { key: '["cnn"]', label: 'arch=cnn', runIds: ['b'] },
      { key: '[null]', label: 'arch=—', runIds: ['d'] },
    ]);
    expect(groupRuns(runs, { kind: 'keys', keys: ['arch', 'lr'] }).map((g) => g.runIds)).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(groupRuns(runs, { kind: 'none' })).toEqual([]);
  });

  it('labels groups of everything but the seed by the paths that vary between them', () => {
    const runs = [run('x1', 0.01, 1), run('y1', 0.001, 1), run('x2', 0.01, 2)];
    expect(varyingPaths(runs)).toEqual(['learningRate']);
    expect(groupRuns(runs, { kind: 'config' }).map((g) => [g.label, g.runIds])).toEqual([
      ['learningRate=0.01', ['x1', 'x2']],
      ['learningRate=0.001', ['y1']],
    ]);
    expect(groupRuns([run('x1', 0.01, 1), run('x2', 0.01, 2)], { kind: 'config' })[0].label).toBe('every run');
  });

  it('offers everything but the seed when runs repeat a configuration with another seed', () => {
    expect(hasSeedRepeats([run('x1', 0.01, 1), run('x2', 0.01, 2)])).toBe(true);
    expect(hasSeedRepeats([run('x1', 0.01, 1), run('y1', 0.02, 1)])).toBe(false);
  });

  it('reads and writes the URL spelling of a grouping', () => {
    expect(parseGroupBy('-seed')).toEqual({ kind: 'config' });
    expect(parseGroupBy('arch, optimizer.lr,arch')).toEqual({ kind: 'keys', keys: ['arch', 'optimizer.lr'] });
    expect(parseGroupBy(null)).toEqual({ kind: 'none' });
    expect(parseGroupBy(' , ')).toEqual({ kind: 'none' });
    for (const g of [{ kind: 'config' } as const, { kind: 'keys' as const, keys: ['arch', 'lr'] }]) {
      expect(parseGroupBy(serializeGroupBy(g) ?? null)).toEqual(g);
    }
    expect(serializeGroupBy({ kind: 'none' })).toBeUndefined();
  });
});

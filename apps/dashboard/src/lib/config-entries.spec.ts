// A run's page lists its config as given: every nested key as a dotted path, trainer keys in schema order, nothing invented.
import { describe, expect, it } from 'vitest';
import { configEntries, orderConfigPaths, splitPath } from './config-entries';

describe('configEntries', () => {
  it('flattens a nested config into dotted paths, lists and scalars as leaves', () => {
    expect(configEntries({ arch: 'cnn', optimizer: { name: 'adam', lr: 0.001 }, conv: [32, 64], extra: {} })).toEqual([
      { path: 'optimizer.lr', value: 0.001 },
      { path: 'optimizer.name', value: 'adam' },
      { path: 'arch', value: 'cnn' },
      { path: 'conv', value: [32, 64] },
      { path: 'extra', value: {} },
    ]);
  });

  it('has nothing to show for an empty or missing config', () => {
    expect(configEntries({})).toEqual([]);
    expect(configEntries(null)).toEqual([]);
  });

  it("keeps the trainer's schema order for its keys and puts other keys after them alphabetically", () => {
    expect(orderConfigPaths(['zeta', 'learningRate', 'alpha.b', 'hiddenUnits', 'alpha.a'])).toEqual([
      'hiddenUnits',
      'learningRate',
      'alpha.a',
      'alpha.b',
      'zeta',
    ]);
  });
});

describe('splitPath', () => {
  it('separates the parent keys from the leaf', () => {
    expect(splitPath('optimizer.adam.beta1')).toEqual({ parent: 'optimizer.adam.', leaf: 'beta1' });
    expect(splitPath('seed')).toEqual({ parent: '', leaf: 'seed' });
  });
});

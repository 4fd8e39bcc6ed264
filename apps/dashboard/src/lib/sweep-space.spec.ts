import { describe, expect, it } from 'vitest';
import { axisPosition, insideBrushes, methodLabel, parseStoredConfig, pruningLabel, spaceRows, sweepAxes, valueAxis } from './sweep-space';

const config = parseStoredConfig({
  name: 'demo',
  method: 'tpe',
  maxTrials: 6,
  parameters: {
    learningRate: { distribution: 'log_uniform', min: 3e-4, max: 1e-2 },
    dropout: { values: [0.3, 0.1, 0.2] },
    optimizer: { values: ['sgd', 'adam'] },
    epochs: 5,
  },
});

describe('sweep space', () => {
  it('reads the stored config back, and refuses one that does not parse', () => {
    expect(config?.goal).toBe('maximize');
    expect(parseStoredConfig({ method: 'grid' })).toBeUndefined();
  });

  it('describes every parameter in one line, fixed ones included', () => {
    if (!config) throw new Error('config parses');
    expect(spaceRows(config)).toEqual([
      { key: 'dropout', kind: 'one of', text: '0.3, 0.1, 0.2' },
      { key: 'optimizer', kind: 'one of', text: 'sgd, adam' },
      { key: 'learningRate', kind: 'log-uniform', text: '3e-4 … 0.01' },
      { key: 'epochs', kind: 'fixed', text: '5' },
    ]);
  });

  it('says when a conditional parameter applies, and reads it back from the stored config', () => {
    const families = parseStoredConfig({
      name: 'families',
      method: 'random',
      maxTrials: 4,
      parameters: { arch: { values: ['mlp', 'cnn'] }, kernelSize: { values: [3, 5], when: { arch: 'cnn' } }, optimizer: { values: ['sgd', 'adam', 'rmsprop'] }, dropout: { values: [0.1], when: { optimizer: ['sgd', 'adam'] } } },
    });
    if (!families) throw new Error('config parses');
    // Stored as parsed, then parsed again when the page reads it: the condition survives the round trip.
    expect(parseStoredConfig(JSON.parse(JSON.stringify(families)))).toEqual(families);
    expect(spaceRows(families).filter((r) => r.when)).toEqual([
      { key: 'dropout', kind: 'one of', text: '0.1', when: 'when optimizer in sgd, adam' },
      { key: 'kernelSize', kind: 'one of', text: '3, 5', when: 'when arch = cnn' },
    ]);
  });

  it('makes a log axis of a log-uniform range, categorical axes of lists, and no axis of a fixed value', () => {
    const axes = sweepAxes(config, [{ params: { learningRate: 0.001, dropout: 0.1, optimizer: 'adam', epochs: 5 } }]);
    expect(axes.map((a) => [a.key, a.kind])).toEqual([
      ['dropout', 'categorical'],
      ['optimizer', 'categorical'],
      ['learningRate', 'log'],
    ]);
    expect(axes[0].categories).toEqual(['0.1', '0.2', '0.3']);
    expect(axes[1].categories).toEqual(['sgd', 'adam']);
  });

  it('places values on log, linear and categorical axes from 0 (bottom) to 1 (top)', () => {
    const log = { key: 'lr', kind: 'log' as const, min: 1e-4, max: 1e-2, categories: [] };
    expect(axisPosition(log, 1e-3)).toBeCloseTo(0.5);
    expect(axisPosition(log, 0)).toBeUndefined();
    expect(axisPosition({ ...log, kind: 'linear', min: 0, max: 0.5 }, 0.125)).toBeCloseTo(0.25);
    const cat = { key: 'b', kind: 'categorical' as const, min: 0, max: 0, categories: ['64', '128', '256'] };
    expect([64, 128, 256, 512].map((v) => axisPosition(cat, v))).toEqual([0, 0.5, 1, undefined]);
    expect(axisPosition({ ...cat, categories: ['64'] }, 64)).toBe(0.5);
  });

  it('without a readable config, makes axes of the parameters the trials vary', () => {
    const axes = sweepAxes(undefined, [{ params: { dropout: 0.1, epochs: 2 } }, { params: { dropout: 0.3, epochs: 2 } }]);
    expect(axes).toEqual([{ key: 'dropout', kind: 'categorical', min: 0, max: 0, categories: ['0.1', '0.3'] }]);
  });

  it('spans the metric axis over the values, padded, and around a lone value', () => {
    expect(valueAxis('val_accuracy', [0.9, 0.95], 0.1)).toMatchObject({ min: 0.895, max: 0.955 });
    const lone = valueAxis('val_accuracy', [0.9]);
    expect(lone.min).toBeLessThan(0.9);
    expect(lone.max).toBeGreaterThan(0.9);
    expect(axisPosition(lone, 0.9)).toBeCloseTo(0.5);
  });

  it('names methods and the pruning rule in words', () => {
    expect(methodLabel('tpe')).toBe('TPE (Bayesian)');
    if (!config) throw new Error('config parses');
    expect(pruningLabel(config)).toBe('none');
    expect(pruningLabel({ ...config, earlyTermination: { type: 'median', minEpochs: 1 } })).toBe('median rule after 1 epoch');
  });

  it('keeps a trial when it falls inside every brushed axis span', () => {
    const brushes = new Map([[2, [0.5, 1] as const]]);
    expect(insideBrushes([0, 0.2, 0.7], brushes)).toBe(true);
    expect(insideBrushes([0, 0.2, 0.3], brushes)).toBe(false);
    expect(insideBrushes([0, 0.2, undefined], brushes)).toBe(false);
    expect(insideBrushes([0, 0.2, 0.3], new Map())).toBe(true);
  });
});

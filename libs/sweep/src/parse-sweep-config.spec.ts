import { describe, expect, it } from 'vitest';
import { SweepConfigSchema } from '@mnist-lab/contracts';
import { parseSweepConfig, SweepConfigError } from './parse-sweep-config';

/** The example of the docs, as the YAML parser hands it over. */
const example = () => ({
  name: 'lr-and-width',
  method: 'tpe',
  metric: 'val_accuracy',
  goal: 'maximize',
  maxTrials: 20,
  earlyTermination: { type: 'median', minEpochs: 3 },
  parameters: {
    learningRate: { distribution: 'log_uniform', min: 1e-4, max: 1e-2 },
    dropout: { distribution: 'uniform', min: 0.0, max: 0.5 },
    batchSize: { values: [32, 64, 128] },
    hiddenUnits: { values: [[64, 32], [128, 64]] },
    epochs: 8,
    optimizer: { values: ['adam', 'rmsprop'] },
    seed: { distribution: 'int_uniform', min: 0, max: 1000 },
  } as Record<string, unknown>,
});

describe('parseSweepConfig', () => {
  it('reads every parameter form, in HyperparamsSchema order, fixed values as { value }', () => {
    const config = parseSweepConfig(example(), 'sweep.yaml');
    expect(Object.keys(config.parameters)).toEqual(['hiddenUnits', 'dropout', 'optimizer', 'learningRate', 'batchSize', 'epochs', 'seed']);
    expect(config.parameters.epochs).toEqual({ value: 8 });
    expect(config.parameters.learningRate).toEqual({ distribution: 'log_uniform', min: 1e-4, max: 1e-2 });
    expect(config.parameters.hiddenUnits).toEqual({ values: [[64, 32], [128, 64]] });
    expect(config.earlyTermination).toEqual({ type: 'median', minEpochs: 3 });
  });

  it('fills defaults: val_accuracy maximized, no early termination, a grid as many trials as combinations', () => {
    const config = parseSweepConfig({ name: 'g', method: 'grid', parameters: { dropout: { values: [0.1, 0.3] }, batchSize: { values: [32, 64, 128] } } });
    expect(config).toMatchObject({ metric: 'val_accuracy', goal: 'maximize', maxTrials: 6, earlyTermination: { type: 'none' } });
    expect(parseSweepConfig({ ...example(), goal: undefined, metric: 'val_loss' }).goal).toBe('minimize');
    expect(parseSweepConfig({ ...example(), goal: 'minimize', metric: 'epoch_time' }).goal).toBe('minimize');
    expect(parseSweepConfig({ ...example(), earlyTermination: { type: 'median' } }).earlyTermination).toEqual({ type: 'median', minEpochs: 3 });
  });

  it('takes the CLI flag names: kebab-case keys, patience and min-delta', () => {
    const parameters = { 'learning-rate': 0.01, 'batch-norm': { values: [true, false] }, patience: 3, 'min-delta': 0.001, 'train-limit': 2000 };
    const config = parseSweepConfig({ name: 'k', method: 'grid', parameters });
    expect(config.parameters).toEqual({
      batchNorm: { values: [true, false] },
      learningRate: { value: 0.01 },
      earlyStoppingPatience: { value: 3 },
      earlyStoppingMinDelta: { value: 0.001 },
      trainLimit: { value: 2000 },
    });
  });

  it('accepts its own output, so the server can re-validate what the CLI sends', () => {
    const once = parseSweepConfig(example());
    expect(SweepConfigSchema.parse(once)).toEqual(once);
  });

  const withParam = (key: string, spec: unknown, method = 'random') => ({ name: 'e', method, maxTrials: 5, parameters: { [key]: spec } });
  it.each([
    ['not a mapping', [1, 2], /^sweep\.yaml: expected a mapping/],
    ['a missing name', { method: 'grid', parameters: { dropout: 0.1 } }, /^sweep\.yaml: name: required, e\.g\. name:/],
    ['an unknown method', { ...example(), method: 'bayes' }, /^sweep\.yaml: method: must be grid, random or tpe$/],
    ['an unknown top-level key', { ...example(), trials: 3 }, /^sweep\.yaml: unknown key 'trials'$/],
    ['an unknown hyperparameter', withParam('learningRat', 0.1), /^sweep\.yaml: parameters\.learningRat: unknown hyperparameter 'learningRat'; known: hiddenUnits, /],
    ['a key given twice', { ...example(), parameters: { dropout: 0.1, 'learning-rate': 0.1, learningRate: 0.2 } }, /parameters\.learningRate: learningRate is given twice/],
    ['a dropout range reaching 1', withParam('dropout', { distribution: 'uniform', min: 0, max: 1 }), /^sweep\.yaml: parameters\.dropout\.max: dropout must be in \[0, 1\)$/],
    ['an invalid fixed value', withParam('batch-size', 0), /^sweep\.yaml: parameters\.batch-size: batch size must be at least 1$/],
    ['an invalid listed value', withParam('optimizer', { values: ['adam', 'lbfgs'] }), /parameters\.optimizer\.values\.1: Invalid option/],
    ['a value listed twice', withParam('batchSize', { values: [32, 64, 32] }), /parameters\.batchSize\.values\.2: 32 is listed twice/],
    ['an empty list', withParam('batchSize', { values: [] }), /parameters\.batchSize\.values: values needs at least one entry/],
    ['an unknown distribution', withParam('dropout', { distribution: 'normal', min: 0, max: 0.5 }), /parameters\.dropout\.distribution: must be one of uniform, log_uniform/],
    ['min above max', withParam('dropout', { distribution: 'uniform', min: 0.4, max: 0.1 }), /parameters\.dropout\.max: min must be below max/],
    ['log_uniform from 0', withParam('learningRate', { distribution: 'log_uniform', min: 0, max: 0.1 }), /parameters\.learningRate\.min: log_uniform needs min > 0/],
    ['q without q_uniform', withParam('dropout', { distribution: 'uniform', min: 0, max: 0.5, q: 0.1 }), /parameters\.dropout: unknown key 'q'/],
    ['a fractional int_uniform bound', withParam('epochs', { distribution: 'int_uniform', min: 1.5, max: 8 }), /parameters\.epochs\.min: /],
    ['a continuous range over whole numbers', withParam('batchSize', { distribution: 'uniform', min: 16, max: 256 }), /parameters\.batchSize: batchSize takes whole numbers/],
    ['a q_uniform step off the whole numbers', withParam('epochs', { distribution: 'q_uniform', min: 2, max: 8, q: 1.5 }), /parameters\.epochs: epochs takes whole numbers/],
    ['a range over names', withParam('activation', { distribution: 'uniform', min: 0, max: 1 }), /parameters\.activation: activation is not numeric: list its choices with values/],
    ['an object of the wrong shape', withParam('dropout', { low: 0, high: 0.5 }), /parameters\.dropout: expected a fixed value, \{ values: \[\.\.\.\] \} or \{ distribution, min, max \}$/],
    ['a null value', withParam('dropout', null), /parameters\.dropout: expected a number, true\/false, a name or a list of numbers$/],
    ['a range in a grid', withParam('dropout', { distribution: 'uniform', min: 0, max: 0.5 }, 'grid'), /parameters\.dropout: a grid sweep needs values: \[\.\.\.\] here, not a distribution/],
    ['random without maxTrials', { ...example(), maxTrials: undefined }, /^sweep\.yaml: maxTrials: a tpe sweep needs maxTrials, e\.g\. maxTrials: 20$/],
    ['a metric of unknown direction', { ...example(), goal: undefined, metric: 'epoch_time' }, /goal: cannot tell the goal for metric 'epoch_time': add goal: maximize or goal: minimize/],
    ['no parameters', { ...example(), parameters: {} }, /parameters: no parameters: add at least one hyperparameter/],
    ['an unknown early termination', { ...example(), earlyTermination: { type: 'envelope' } }, /earlyTermination\.type: must be \{ type: none \}, \{ type: median, minEpochs: 3 \}, \{ type: asha/],
  ])('rejects %s with a one-line message naming the file and key', (_, input, message) => {
    const parse = () => parseSweepConfig(input, 'sweep.yaml');
    expect(parse).toThrow(SweepConfigError);
    expect(parse).toThrow(message);
    expect(() => parse()).not.toThrow(/\n/);
  });

  it('counts the problems it does not show', () => {
    expect(() => parseSweepConfig({ ...example(), name: '', method: 'bayes' }, 'sweep.yaml')).toThrow(/\(and 1 more problem\)$/);
  });
});

describe('a sweep of a program of your own', () => {
  const own = (parameters: Record<string, unknown>, method = 'random') => ({ name: 'own', method, maxTrials: 4, program: 'python3 train.py', parameters });

  it('takes the program\'s own parameter names as written, in the space\'s stable order, unchecked against the trainer\'s', () => {
    const config = parseSweepConfig(own({ 'units.hidden': { values: [64, 128] }, lr: { distribution: 'log_uniform', min: 1e-4, max: 1 }, optimizer: 'lamb', learningRate: { values: [-1] } }));
    expect(config.program).toBe('python3 train.py');
    // Names the trainer also has first, in its order (optimizer before learningRate), then the rest alphabetically.
    expect(Object.keys(config.parameters)).toEqual(['optimizer', 'learningRate', 'lr', 'units.hidden']);
    expect(config.parameters).toMatchObject({ optimizer: { value: 'lamb' }, learningRate: { values: [-1] } });
  });

  it('still checks the space\'s shape, and names a key that cannot be an argument', () => {
    expect(() => parseSweepConfig(own({ lr: { distribution: 'uniform', min: 0, max: 1 } }, 'grid'), 'sweep.yaml')).toThrow(/^sweep\.yaml: parameters\.lr: a grid sweep needs values/);
    expect(() => parseSweepConfig(own({ lr: { values: [1, 1] } }), 'sweep.yaml')).toThrow(/^sweep\.yaml: parameters\.lr\.values\.1: 1 is listed twice/);
    expect(() => parseSweepConfig(own({ 'a b': { values: [1] } }), 'sweep.yaml')).toThrow(/^sweep\.yaml: parameters\.a b: 'a b' cannot be an argument name/);
    expect(() => parseSweepConfig({ ...own({ lr: { values: [1] } }), program: undefined }, 'sweep.yaml')).toThrow(/unknown hyperparameter 'lr'.*\(or name a program: to sweep a script of your own\)/);
  });
});

// W&B's sweep.yaml, as its users write it, parsed into the same sweep as mnist-lab's own format would give.
import { describe, expect, it } from 'vitest';
import { parseSweepConfig } from './parse-sweep-config';
import { isWandbSweep } from './wandb-sweep';

/** A W&B sweep.yaml as its YAML parses (keys and nesting as W&B's documentation writes them). */
const WANDB = {
  name: 'lr-sweep',
  method: 'bayes',
  metric: { name: 'val_loss', goal: 'minimize' },
  run_cap: 20,
  early_terminate: { type: 'hyperband', min_iter: 2, eta: 2, s: 3 },
  parameters: {
    learning_rate: { distribution: 'log_uniform_values', min: 0.0001, max: 0.01 },
    batch_size: { values: [32, 64, 128] },
    dropout: { distribution: 'uniform', min: 0.1, max: 0.4 },
    epochs: { value: 10 },
    hidden_units: { distribution: 'categorical', values: [[64, 32], [128, 64]] },
  },
};

const NATIVE = {
  name: 'lr-sweep',
  method: 'tpe',
  metric: 'val_loss',
  goal: 'minimize',
  maxTrials: 20,
  earlyTermination: { type: 'hyperband', minEpochs: 2, eta: 2, brackets: 3 },
  parameters: {
    learningRate: { distribution: 'log_uniform', min: 0.0001, max: 0.01 },
    batchSize: { values: [32, 64, 128] },
    dropout: { distribution: 'uniform', min: 0.1, max: 0.4 },
    epochs: { value: 10 },
    hiddenUnits: { values: [[64, 32], [128, 64]] },
  },
};

const wandb = (overrides: Record<string, unknown> = {}) => ({ ...WANDB, ...overrides });

describe('W&B sweep files', () => {
  it('parse into the sweep the same file in mnist-lab\'s format gives', () => {
    expect(isWandbSweep(wandb())).toBe(true);
    expect(isWandbSweep(NATIVE)).toBe(false);
    expect(parseSweepConfig(wandb())).toEqual(parseSweepConfig(NATIVE));
  });

  it('read log_uniform bounds as natural logarithms, constant and categorical as value and values, hyperband without s as ASHA', () => {
    const config = parseSweepConfig(
      wandb({
        parameters: { learning_rate: { distribution: 'log_uniform', min: Math.log(1e-4), max: Math.log(1e-2) }, epochs: { distribution: 'constant', value: 4 } },
        early_terminate: { type: 'hyperband', min_iter: 3 },
      }),
    );
    const lr = config.parameters.learningRate;
    expect(lr && 'distribution' in lr && lr.distribution === 'log_uniform' ? [lr.min, lr.max] : lr).toEqual([expect.closeTo(1e-4, 12), expect.closeTo(1e-2, 10)]);
    expect(config.parameters.epochs).toEqual({ value: 4 });
    expect(config.earlyTermination).toEqual({ type: 'asha', minEpochs: 3, eta: 3 });
    expect(parseSweepConfig(wandb({ early_terminate: { type: 'hyperband', max_iter: 27, eta: 3, s: 2 } })).earlyTermination).toEqual({ type: 'hyperband', minEpochs: 3, eta: 3, brackets: 2 });
  });

  it('run their program as wandb agent does: python3 for a .py script, node for JavaScript, any other command as it is', () => {
    const own = { quality: { values: [0.1, 0.2] } };
    expect(parseSweepConfig(wandb({ program: 'train.py', parameters: own })).program).toBe('python3 train.py');
    expect(parseSweepConfig(wandb({ program: 'train.mjs', parameters: own })).program).toBe('node train.mjs');
    expect(parseSweepConfig(wandb({ program: './train.sh --fast', parameters: own })).program).toBe('./train.sh --fast');
  });

  it('take project, entity and description and leave them out', () => {
    expect(parseSweepConfig(wandb({ project: 'mnist', entity: 'me', description: 'lr' }))).toEqual(parseSweepConfig(NATIVE));
  });

  it('refuse what mnist-lab cannot run with one line naming the key', () => {
    const problem = (overrides: Record<string, unknown>) => {
      try {
        parseSweepConfig(wandb(overrides), 'sweep.yaml');
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(problem({ command: ['${env}', '${interpreter}', '${program}', '${args}'] })).toMatch(/^sweep\.yaml: command: not supported: name the script with program/);
    expect(problem({ method: 'bayesian' })).toMatch(/^sweep\.yaml: method: must be grid, random or bayes/);
    expect(problem({ parameters: { dropout: { distribution: 'normal', mu: 0.2, sigma: 0.1 } } })).toMatch(/^sweep\.yaml: parameters\.dropout\.distribution: "normal" is not supported/);
    expect(problem({ parameters: { optimizer: { parameters: { lr: { value: 1 } } } } })).toMatch(/nested parameters are not supported/);
    expect(problem({ early_terminate: { type: 'envelope' } })).toMatch(/^sweep\.yaml: early_terminate\.type: must be hyperband/);
    expect(problem({ metric: { name: 'val_loss', goal: 'minimize', target: 0.1 } })).toMatch(/^sweep\.yaml: metric\.target: not supported/);
    expect(problem({ sweeper: 1 })).toMatch(/^sweep\.yaml: sweeper: unknown key in a W&B sweep file/);
    // Past the translation, the trainer's own checks still apply.
    expect(problem({ parameters: { learning_rate: { values: [-1] } } })).toMatch(/^sweep\.yaml: parameters\.learning_rate\.values\.0: |^sweep\.yaml: parameters\.learningRate\.values\.0: /);
  });
});

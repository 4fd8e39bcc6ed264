// The `train` command's hyperparameter flags: one row per field of HyperparamsSchema, so help, parsing and config files agree.
import type { Hyperparams } from '@mnist-lab/contracts';
import { ACTIVATIONS, ARCHS, CNN_DEFAULTS, DEFAULT_HYPERPARAMS, OPTIMIZERS, PADDINGS } from '@mnist-lab/contracts';
import { UsageError } from '../usage-error';

type Kind = 'int' | 'number' | 'bool' | 'units' | 'choice';

export interface HyperparamFlag {
  key: keyof Hyperparams;
  flag: string;
  kind: Kind;
  help: string;
  choices?: readonly string[];
}

export const HYPERPARAM_FLAGS: HyperparamFlag[] = [
  { key: 'arch', flag: 'arch', kind: 'choice', choices: ARCHS, help: 'family: mlp (Dense blocks) or cnn (Conv2D + MaxPool blocks, then Dense)' },
  { key: 'convFilters', flag: 'conv-filters', kind: 'units', help: 'cnn: filters of each Conv2D block, comma-separated' },
  { key: 'kernelSize', flag: 'kernel-size', kind: 'int', help: 'cnn: side of the square conv kernels' },
  { key: 'poolSize', flag: 'pool-size', kind: 'int', help: 'cnn: side of the max-pooling windows' },
  { key: 'padding', flag: 'padding', kind: 'choice', choices: PADDINGS, help: 'cnn: conv padding' },
  { key: 'hiddenUnits', flag: 'hidden-units', kind: 'units', help: 'sizes of the hidden Dense layers, comma-separated (cnn: after Flatten, may be empty)' },
  { key: 'activation', flag: 'activation', kind: 'choice', choices: ACTIVATIONS, help: 'activation of the hidden layers' },
  { key: 'batchNorm', flag: 'batch-norm', kind: 'bool', help: 'BatchNormalization after each hidden layer' },
  { key: 'dropout', flag: 'dropout', kind: 'number', help: 'dropout rate after each hidden layer, in [0, 1)' },
  { key: 'optimizer', flag: 'optimizer', kind: 'choice', choices: OPTIMIZERS, help: 'optimizer' },
  { key: 'learningRate', flag: 'learning-rate', kind: 'number', help: 'initial learning rate, > 0' },
  { key: 'batchSize', flag: 'batch-size', kind: 'int', help: 'samples per gradient step' },
  { key: 'epochs', flag: 'epochs', kind: 'int', help: 'maximum number of epochs' },
  { key: 'validationSplit', flag: 'validation-split', kind: 'number', help: 'share of the 60,000 training images held out for validation' },
  { key: 'seed', flag: 'seed', kind: 'int', help: 'seed of the split, initialisation, shuffling and dropout' },
  { key: 'earlyStopping', flag: 'early-stopping', kind: 'bool', help: 'stop when val_loss stops improving' },
  { key: 'earlyStoppingPatience', flag: 'patience', kind: 'int', help: 'epochs without val_loss improvement before stopping' },
  { key: 'earlyStoppingMinDelta', flag: 'min-delta', kind: 'number', help: 'smallest val_loss decrease that counts as improvement' },
  { key: 'restoreBestWeights', flag: 'restore-best-weights', kind: 'bool', help: 'on early stop, go back to the best epoch\'s weights' },
  { key: 'lrFactor', flag: 'lr-factor', kind: 'number', help: 'learning-rate reduction factor on plateau, in (0, 1)' },
  { key: 'lrPatience', flag: 'lr-patience', kind: 'int', help: 'epochs without val_loss improvement before reducing the learning rate' },
  { key: 'minLr', flag: 'min-lr', kind: 'number', help: 'lower bound of the learning rate' },
  { key: 'trainLimit', flag: 'train-limit', kind: 'int', help: 'train on only the first N training samples (quick runs)' },
];

/** The MLP's default, and the CNN's where the Keras convnet anchor differs (`64,32; cnn: none`); conv keys: the CNN's. */
export function formatDefault(key: keyof Hyperparams): string | undefined {
  const show = (v: unknown) => (Array.isArray(v) ? (v.length > 0 ? v.join(',') : 'none') : String(v));
  const mlp = DEFAULT_HYPERPARAMS[key];
  const cnn = (CNN_DEFAULTS as Record<string, unknown>)[key];
  if (mlp === undefined) return cnn === undefined ? undefined : show(cnn);
  if (cnn === undefined || show(cnn) === show(mlp)) return show(mlp);
  return `${show(mlp)}; cnn: ${show(cnn)}`;
}

/** Parses one flag's text strictly: `--dropout abc` is an error, not NaN. */
export function parseFlagValue(f: HyperparamFlag, raw: unknown): unknown {
  if (f.kind === 'bool') return raw;
  const text = String(raw).trim();
  const fail = (what: string): never => {
    throw new UsageError(`--${f.flag}: expected ${what}, got '${text}'`);
  };
  switch (f.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(text)) fail('a whole number');
      return Number(text);
    }
    case 'number': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) fail('a number');
      return n;
    }
    case 'units': {
      // `--hidden-units ''`: no hidden Dense layers (a CNN straight from Flatten to the logits).
      if (text === '') return [];
      const parts = text.split(',').map((s) => s.trim());
      if (parts.some((p) => !/^\d+$/.test(p))) fail('comma-separated layer sizes such as 64,32');
      return parts.map(Number);
    }
    case 'choice':
      if (!f.choices?.includes(text)) fail(`one of ${f.choices?.join(', ')}`);
      return text;
  }
}

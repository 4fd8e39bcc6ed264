// The trainer's hyperparameters: one schema for CLI flags, config files, sweeps, the API and the store.
import { z } from 'zod';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu'] as const;
export const OPTIMIZERS = ['adam', 'sgd', 'momentum', 'rmsprop'] as const;
export const ARCHS = ['mlp', 'cnn'] as const;
export const PADDINGS = ['valid', 'same'] as const;

/** MNIST digits: 28x28 pixels, one channel. */
export const IMAGE_SIZE = 28;

/**
 * The Keras "simple MNIST convnet" anchor (Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu, MaxPool 2, Flatten,
 * Dropout 0.5, Dense 10: 34,826 parameters, trained at batch 128). `HyperparamsSchema` fills the conv keys of an
 * `arch: cnn` config from here by itself; the dense part's keys (hiddenUnits, dropout, batchNorm, batchSize) keep
 * the MLP's field defaults in the schema, since a field default cannot see `arch`: `withArchDefaults` fills those
 * from here before parsing, wherever a user's CNN config is turned into hyperparameters (CLI, config files, sweeps).
 */
export const CNN_DEFAULTS = {
  convFilters: [32, 64],
  kernelSize: 3,
  poolSize: 2,
  padding: 'valid',
  hiddenUnits: [],
  dropout: 0.5,
  batchNorm: false,
  batchSize: 128,
} as const;

/** The keys that shape a CNN's convolution blocks: meaningless, and refused, for arch mlp. */
export const CONV_KEYS = ['convFilters', 'kernelSize', 'poolSize', 'padding'] as const;

export interface ConvBlockShape {
  /** Side of the block's (square) input, its conv output and its pooled output. */
  input: number;
  conv: number;
  pooled: number;
}

/** The spatial size through each Conv2D (stride 1) and MaxPooling2D (stride = pool, Keras's 'valid' pooling) block. */
export function convBlockShapes(blocks: number, kernelSize: number, poolSize: number, padding: (typeof PADDINGS)[number]): ConvBlockShape[] {
  const shapes: ConvBlockShape[] = [];
  let side = IMAGE_SIZE;
  for (let i = 0; i < blocks; i++) {
    const conv = padding === 'same' ? side : side - kernelSize + 1;
    const pooled = Math.floor(conv / poolSize);
    shapes.push({ input: side, conv, pooled });
    side = pooled;
  }
  return shapes;
}

export const HyperparamsSchema = z
  .object({
    /** Dense hidden layers: on the pixels (MLP, at least one) or after Flatten (CNN, may be empty). */
    hiddenUnits: z.array(z.number().int().min(1).max(4096)).max(8).default([64, 32]),
    activation: z.enum(ACTIVATIONS).default('relu'),
    batchNorm: z.boolean().default(true),
    dropout: z.number().min(0).lt(1, 'dropout must be in [0, 1)').default(0.2),
    optimizer: z.enum(OPTIMIZERS).default('adam'),
    learningRate: z.number().gt(0, 'learning rate must be > 0').max(10).default(0.001),
    batchSize: z.number().int().min(1, 'batch size must be at least 1').max(60000).default(32),
    epochs: z.number().int().min(1).max(1000).default(50),
    validationSplit: z.number().gt(0).lt(1).default(0.1),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    earlyStopping: z.boolean().default(true),
    earlyStoppingPatience: z.number().int().min(0).max(1000).default(5),
    earlyStoppingMinDelta: z.number().min(0).default(0),
    restoreBestWeights: z.boolean().default(true),
    lrFactor: z.number().gt(0).lt(1).default(0.5),
    lrPatience: z.number().int().min(0).max(1000).default(2),
    minLr: z.number().min(0).default(1e-5),
    /** Train on only the first N samples of the training split (quick runs, tests); validation and test stay whole. */
    trainLimit: z.number().int().min(1).max(60000).optional(),
    // The family's keys come last: sweeps and tables list hyperparameters in this order, the MLP's first as before.
    /** 'mlp': Dense blocks on the flat pixels; 'cnn': conv blocks, then Flatten and the same Dense blocks (none by default). */
    arch: z.enum(ARCHS).default('mlp'),
    /** CNN only: filters of each Conv2D block (default [32, 64]: CNN_DEFAULTS). */
    convFilters: z
      .array(z.number().int().min(1, 'a conv block needs at least 1 filter').max(512))
      .min(1, 'a CNN needs at least one conv block')
      .max(4, 'at most 4 conv blocks')
      .optional(),
    /** CNN only: square kernel side of every Conv2D, stride 1 (default 3). */
    kernelSize: z.number().int().min(1, 'kernel size must be at least 1').max(IMAGE_SIZE).optional(),
    /** CNN only: MaxPooling2D window and stride after every conv block; 1 pools nothing (default 2). */
    poolSize: z.number().int().min(1, 'pool size must be at least 1').max(IMAGE_SIZE).optional(),
    /** CNN only: Conv2D padding (default 'valid'); pooling is always Keras's 'valid'. */
    padding: z.enum(PADDINGS).optional(),
  })
  .strict()
  .superRefine((h, ctx) => {
    const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (h.arch === 'mlp') {
      if (h.hiddenUnits.length === 0) issue('hiddenUnits', 'an MLP needs at least one hidden layer');
      for (const key of CONV_KEYS) if (h[key] !== undefined) issue(key, 'applies to arch cnn only');
      return;
    }
    const kernel = h.kernelSize ?? CNN_DEFAULTS.kernelSize;
    const pool = h.poolSize ?? CNN_DEFAULTS.poolSize;
    const padding = h.padding ?? CNN_DEFAULTS.padding;
    const shapes = convBlockShapes((h.convFilters ?? CNN_DEFAULTS.convFilters).length, kernel, pool, padding);
    for (const [i, s] of shapes.entries()) {
      // 'same' pads any kernel to fit; 'valid' has no output at all once the kernel outgrows its input.
      if (padding === 'valid' && kernel > s.input) return issue('kernelSize', `kernel ${kernel} is larger than conv block ${i + 1}'s ${s.input}x${s.input} input`);
      if (s.pooled < 1) return issue('poolSize', `pool ${pool} leaves nothing of conv block ${i + 1}'s ${s.conv}x${s.conv} output`);
    }
  })
  // A CNN's conv keys are always explicit once parsed (an MLP's stay absent), so a stored config says what it trained.
  .overwrite((h) =>
    h.arch === 'cnn'
      ? {
          ...h,
          convFilters: h.convFilters ?? [...CNN_DEFAULTS.convFilters],
          kernelSize: h.kernelSize ?? CNN_DEFAULTS.kernelSize,
          poolSize: h.poolSize ?? CNN_DEFAULTS.poolSize,
          padding: h.padding ?? CNN_DEFAULTS.padding,
        }
      : h,
  );

export type Hyperparams = z.infer<typeof HyperparamsSchema>;
export type HyperparamsInput = z.input<typeof HyperparamsSchema>;

/** The hyperparameters with every default filled in. */
export const DEFAULT_HYPERPARAMS: Hyperparams = HyperparamsSchema.parse({});

/**
 * A raw config with its architecture's defaults filled in where the user gave nothing: for `arch: cnn`, the Keras
 * anchor's dense part (no hidden layers, dropout 0.5, no BatchNorm, batch 128) instead of the MLP's field defaults.
 * Parse the result with HyperparamsSchema; an MLP config comes back unchanged.
 */
export function withArchDefaults<T extends Record<string, unknown>>(input: T): T {
  if (input.arch !== 'cnn') return input;
  const { hiddenUnits, dropout, batchNorm, batchSize } = CNN_DEFAULTS;
  const filled: Record<string, unknown> = { hiddenUnits: [...hiddenUnits], dropout, batchNorm, batchSize };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) filled[key] = value;
  return filled as T;
}

/** HyperparamsSchema.parse after withArchDefaults: `resolveHyperparams({ arch: 'cnn' })` is the Keras anchor. */
export function resolveHyperparams(input: HyperparamsInput): Hyperparams {
  return HyperparamsSchema.parse(withArchDefaults(input));
}

/** What `--backend` accepts: `auto` picks the fastest engine; `tfjs` picks the best tfjs backend installed. */
export const BackendChoiceSchema = z.enum(['auto', 'fused', 'tfjs', 'tfjs-node', 'wasm', 'cpu']);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;

/** The engine a run actually trained on: mnist-lab's fused TypeScript kernels or a tfjs backend. */
export const BackendSchema = z.enum(['fused', 'tfjs-node', 'wasm', 'cpu']);
export type Backend = z.infer<typeof BackendSchema>;

// The trainer's hyperparameters: one schema for CLI flags, config files, sweeps, the API and the store.
import { z } from 'zod';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu'] as const;
export const OPTIMIZERS = ['adam', 'sgd', 'momentum', 'rmsprop'] as const;

export const HyperparamsSchema = z
  .object({
    hiddenUnits: z.array(z.number().int().min(1).max(4096)).min(1).max(8).default([64, 32]),
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
  })
  .strict();

export type Hyperparams = z.infer<typeof HyperparamsSchema>;
export type HyperparamsInput = z.input<typeof HyperparamsSchema>;

/** The hyperparameters with every default filled in. */
export const DEFAULT_HYPERPARAMS: Hyperparams = HyperparamsSchema.parse({});

/** What `--backend` accepts: `auto` picks the fastest engine; `tfjs` picks the best tfjs backend installed. */
export const BackendChoiceSchema = z.enum(['auto', 'fused', 'tfjs', 'tfjs-node', 'wasm', 'cpu']);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;

/** The engine a run actually trained on: mnist-lab's fused TypeScript kernels or a tfjs backend. */
export const BackendSchema = z.enum(['fused', 'tfjs-node', 'wasm', 'cpu']);
export type Backend = z.infer<typeof BackendSchema>;

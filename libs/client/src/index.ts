// @mnist-lab/client: log any training script's runs to an mnist-lab server (init, log, finish), and upload spooled ones.
export { init } from './init';
export type {
  Architecture,
  ArchitectureLayer,
  Embedding,
  FinishOptions,
  InitOptions,
  JsonValue,
  LogOptions,
  Metrics,
  ModelFiles,
  Run,
  RunConfig,
  RunEnd,
  TestPredictions,
  ValidationPredictions,
} from './types';
export { syncSpool, type SyncOptions, type SyncResult } from './sync';
export { TRIAL_ENV, trialFromEnv, type TrialEnv } from './trial-env';
export type { TrackingCalls } from './transport/tracking-server';
// For the mnist-lab CLI's own tRPC client: the same off-thread fetch and token lookup as the runs'.
export { workerFetch, type WorkerResponse } from './transport/worker-fetch';
export { resolveToken } from './settings';
// The MNIST- and tfjs-specific part: evaluateMnistTest, mnistLabCallback, modelArtifact.
export * from './mnist/index';

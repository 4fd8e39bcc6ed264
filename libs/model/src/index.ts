// @mnist-lab/model: trains the MNIST MLP family on mnist-lab's fused engine or on tfjs, and exports tfjs models.
export type { BatchProgress, EpochResult, Evaluation, StopReason, TrainData, TrainedModel } from './types';
export { resolveBackend } from './tfjs/backend';
export { train, type TrainOptions } from './train';

// @mnist-lab/model: trains the MNIST MLP and CNN families on mnist-lab's fused engine or on tfjs, and exports tfjs models.
export type { BatchProgress, EpochResult, Evaluation, StopReason, TrainData, TrainedModel } from './types';
export { layerTable } from './layers';
export { resolveBackend } from './tfjs/backend';
export { train, type TrainOptions } from './train';

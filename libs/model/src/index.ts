// @mnist-lab/model: trains the MNIST MLP and CNN families on mnist-lab's fused engine or on tfjs, and exports tfjs models.
export type { BatchProgress, EpochResult, Evaluation, HiddenActivations, HiddenLayer, StopReason, TrainData, TrainedModel, ValidationAnswers } from './types';
export { layerTable } from './layers';
export { resolveBackend } from './tfjs/backend';
export { train, type TrainOptions } from './train';

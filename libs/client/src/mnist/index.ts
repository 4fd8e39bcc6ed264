// The MNIST- and tfjs-specific part of @mnist-lab/client: a fit callback, the test-set evaluation, the model upload.
export { mnistLabCallback, type MetricLogger, type MnistLabCallbackOptions, type MnistLabCallbacks } from './callback';
export { evaluateMnistTest, type EvaluateMnistOptions, type MnistTestResults } from './evaluate';
export type { ValidationDigits } from './validation-answers';
export { isSaveableModel, modelArtifact, type SaveableModel, type SavedModelArtifacts, type TfjsModelArtifact } from './model-artifact';
export type { PredictBatch, PredictingModel } from './tfjs-predict';

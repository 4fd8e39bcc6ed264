// @mnist-lab/data: loads, checks and splits the MNIST digits.
export { MnistDataError } from './errors';
export { parseIdxImages, parseIdxLabels, type IdxImages } from './idx';
export { defaultMnistDir, loadMnist, loadMnistTest, loadMnistTrainPixels, type LoadMnistOptions } from './load';
export { IMAGE_SIDE, PIXELS_PER_IMAGE, head, subset, type MnistSet } from './mnist-set';
export { splitTrainValidation, type SplitOptions } from './split';

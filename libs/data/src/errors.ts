// The one error type the data lib throws for a bad dataset file: its message names the file and the problem.
export class MnistDataError extends Error {
  override name = 'MnistDataError';
}

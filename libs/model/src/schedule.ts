// Keras's EarlyStopping and ReduceLROnPlateau on val_loss, as state machines the training loop feeds once per epoch.

/**
 * keras.callbacks.EarlyStopping(monitor='val_loss', mode='min', patience, min_delta, restore_best_weights):
 * an epoch improves when val_loss + minDelta < best (a decrease by more than min_delta); `wait` counts epochs
 * since the last improvement and training stops once wait >= patience (never on the first epoch). The weights of the best epoch are kept
 * (the first epoch's too, so a run whose val_loss never improves, e.g. NaN, still has some).
 */
export class EarlyStopping {
  private best = Infinity;
  private wait = 0;
  /** 0-based, as Keras counts; -1 before the first epoch. */
  bestEpochIndex = -1;
  bestWeights: Float32Array[] | null = null;

  constructor(
    private readonly patience: number,
    private readonly minDelta: number,
    private readonly keepWeights: boolean,
  ) {}

  /** Returns true when training should stop after this epoch. `weights` is called only when a snapshot is needed. */
  onEpochEnd(epochIndex: number, valLoss: number, weights: () => Float32Array[]): boolean {
    if (this.bestEpochIndex < 0) {
      this.bestEpochIndex = epochIndex;
      if (this.keepWeights) this.bestWeights = weights();
    }
    this.wait++;
    if (valLoss + this.minDelta < this.best) {
      this.best = valLoss;
      this.bestEpochIndex = epochIndex;
      if (this.keepWeights) this.bestWeights = weights();
      this.wait = 0;
      return false;
    }
    return this.wait >= this.patience && epochIndex > 0;
  }
}

/**
 * keras.callbacks.ReduceLROnPlateau(monitor='val_loss', factor, patience, min_lr) with Keras's defaults for what
 * the hyperparameters do not set: min_delta 1e-4 (absolute, mode 'min'), cooldown 0.
 */
export class ReduceLrOnPlateau {
  private best = Infinity;
  private wait = 0;

  constructor(
    private readonly factor: number,
    private readonly patience: number,
    private readonly minLr: number,
    private readonly minDelta = 1e-4,
  ) {}

  /** Returns the learning rate for the next epoch. */
  onEpochEnd(valLoss: number, lr: number): number {
    if (valLoss < this.best - this.minDelta) {
      this.best = valLoss;
      this.wait = 0;
      return lr;
    }
    this.wait++;
    if (this.wait >= this.patience && lr > this.minLr) {
      this.wait = 0;
      return Math.max(lr * this.factor, this.minLr);
    }
    return lr;
  }
}

// Keras-style console progress: a live bar per epoch on a terminal, one summary line per epoch everywhere.
import type { BatchProgress, EpochResult } from '@mnist-lab/model';

const BAR = 28;

export function formatLr(lr: number): string {
  return lr.toExponential(1).replace('e-', 'e-');
}

export function formatEpochLine(e: EpochResult, epochs: number, batches: number): string {
  const width = String(epochs).length;
  return [
    `Epoch ${String(e.epoch).padStart(width)}/${epochs}`,
    `${batches}/${batches}`,
    `${e.epoch_time.toFixed(1)}s`,
    `loss ${e.loss.toFixed(4)}`,
    `accuracy ${e.accuracy.toFixed(4)}`,
    `val_loss ${e.val_loss.toFixed(4)}`,
    `val_accuracy ${e.val_accuracy.toFixed(4)}`,
    `lr ${formatLr(e.lr)}`,
  ].join('  ');
}

export class ProgressPrinter {
  private lastDraw = 0;
  private batches = 0;
  private epochStart = Date.now();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly epochs: number,
    private readonly live = Boolean(out.isTTY),
  ) {}

  batch(p: BatchProgress): void {
    if (p.batch === 1) this.epochStart = Date.now();
    this.batches = p.batches;
    if (!this.live) return;
    const now = Date.now();
    // Redrawing costs a syscall; 10 frames a second is smooth enough and keeps the overhead invisible.
    if (now - this.lastDraw < 100 && p.batch !== p.batches) return;
    this.lastDraw = now;
    const done = Math.round((p.batch / p.batches) * BAR);
    const elapsed = (now - this.epochStart) / 1000;
    const eta = p.batch > 0 ? (elapsed / p.batch) * (p.batches - p.batch) : 0;
    const bar = '━'.repeat(done) + (done < BAR ? '╸' : '') + '─'.repeat(Math.max(0, BAR - done - 1));
    this.out.write(
      `\r\x1b[2KEpoch ${p.epoch}/${this.epochs} ${bar} ${p.batch}/${p.batches}  loss ${p.loss.toFixed(4)}  accuracy ${p.accuracy.toFixed(4)}  eta ${eta.toFixed(0)}s`,
    );
  }

  epoch(e: EpochResult, note?: string): void {
    const line = formatEpochLine(e, this.epochs, this.batches) + (note ? `  ${note}` : '');
    this.out.write(this.live ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }
}

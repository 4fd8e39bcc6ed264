// The run page's reads of its validation predictions: one epoch digit by digit, and every digit's forgetting history.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import { dequantizeConfidence, NUM_CLASSES, type ForgottenDigit, type ValidationAtQuery, type ValidationAtView, type ValidationHistoryView, type ValidationMistake } from '@mnist-lab/contracts';
import { runNotFound } from './lock-run';
import { forgetting } from './forgetting';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const MOST_FORGOTTEN = 64;

/** The run's stored set, or the one-line 404 (no run) or 409 (a run with none, e.g. logged before they were stored). */
async function storedSet(db: Db, runId: string) {
  const [run, set] = await Promise.all([
    db.run.findUnique({ where: { id: runId }, select: { id: true } }),
    db.validationSet.findUnique({ where: { runId } }),
  ]);
  if (!run) throw runNotFound(runId);
  if (!set) throw new TRPCError({ code: 'CONFLICT', message: `run ${runId} has no validation predictions (logged before mnist-lab stored them, or its script sent none)` });
  return set;
}

async function pixelsOf(db: Db, runId: string, indices: number[]): Promise<Map<number, string>> {
  if (indices.length === 0) return new Map();
  const rows = await db.validationDigit.findMany({ where: { runId, index: { in: indices } } });
  return new Map(rows.map((r) => [r.index, b64(r.pixels)]));
}

export async function validationAt(db: Db, q: ValidationAtQuery): Promise<ValidationAtView> {
  const set = await storedSet(db, q.runId);
  const [row, stored] = await Promise.all([
    db.validationEpoch.findUnique({ where: { runId_epoch: { runId: q.runId, epoch: q.epoch } } }),
    db.validationEpoch.findMany({ where: { runId: q.runId }, select: { epoch: true }, orderBy: { epoch: 'asc' } }),
  ]);
  const epochs = stored.map((e) => e.epoch);
  if (!row) {
    const have = epochs.length === 0 ? 'none' : epochs.length === 1 ? `epoch ${epochs[0]}` : `epochs ${epochs[0]}-${epochs.at(-1)}`;
    throw new TRPCError({ code: 'NOT_FOUND', message: `run ${q.runId} has no validation predictions at epoch ${q.epoch} (it has ${have})` });
  }
  const truth = set.trueLabels;
  const confusionMatrix = Array.from({ length: NUM_CLASSES }, () => new Array<number>(NUM_CLASSES).fill(0));
  const wrong: number[] = [];
  for (let i = 0; i < set.count; i++) {
    confusionMatrix[truth[i]][row.predicted[i]]++;
    if (truth[i] !== row.predicted[i]) wrong.push(i);
  }
  const pixels = await pixelsOf(db, q.runId, wrong);
  const sources = set.sourceIndices ? new DataView(set.sourceIndices.buffer, set.sourceIndices.byteOffset, set.sourceIndices.byteLength) : null;
  const misclassified: ValidationMistake[] = wrong.map((i) => ({
    index: i,
    sourceIndex: sources ? sources.getUint32(i * 4, true) : null,
    trueLabel: truth[i],
    predictedLabel: row.predicted[i],
    confidence: dequantizeConfidence(row.confidences[i]),
    pixels: pixels.get(i) ?? null,
  }));
  misclassified.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return {
    runId: q.runId,
    epoch: q.epoch,
    epochs,
    count: set.count,
    trueLabels: b64(truth),
    predictedLabels: b64(row.predicted),
    confidences: b64(row.confidences),
    sourceIndices: set.sourceIndices ? b64(set.sourceIndices) : null,
    accuracy: row.correct / set.count,
    confusionMatrix,
    misclassified,
  };
}

export async function validationHistory(db: Db, runId: string): Promise<ValidationHistoryView> {
  const set = await storedSet(db, runId);
  // Every epoch's labels: 6,000 bytes each, so even a 200-epoch run reads about 1 MB.
  const rows = await db.validationEpoch.findMany({ where: { runId }, select: { epoch: true, predicted: true }, orderBy: { epoch: 'asc' } });
  const epochs = rows.map((r) => r.epoch);
  const f = forgetting(epochs, rows.map((r) => r.predicted), set.trueLabels);
  const order = Array.from({ length: set.count }, (_, i) => i)
    .filter((i) => f.forgettingEvents[i] > 0)
    .sort((a, b) => f.forgettingEvents[b] - f.forgettingEvents[a] || (f.learnedFrom[b] ?? Infinity) - (f.learnedFrom[a] ?? Infinity) || a - b)
    .slice(0, MOST_FORGOTTEN);
  const pixels = await pixelsOf(db, runId, order);
  const mostForgotten: ForgottenDigit[] = order.map((i) => ({
    index: i,
    trueLabel: set.trueLabels[i],
    forgettingEvents: f.forgettingEvents[i],
    learnedFrom: f.learnedFrom[i],
    pixels: pixels.get(i) ?? null,
  }));
  return { runId, epochs, count: set.count, trueLabels: b64(set.trueLabels), ...f, mostForgotten };
}

// A run's misclassified test digits with their pixels, filtered by true and predicted label, for the digit grid.
import type { Db } from '@mnist-lab/db';
import type { MisclassifiedQuery } from '@mnist-lab/contracts';
import { runNotFound } from './lock-run';

export interface MisclassifiedDigitView {
  index: number;
  trueLabel: number;
  predictedLabel: number;
  confidence: number;
  probabilities: number[];
  /** 784 raw pixels, 0-255, row-major, base64. */
  pixels: string;
}

const ORDER = {
  'confidence-desc': [{ confidence: 'desc' }, { testIndex: 'asc' }],
  'confidence-asc': [{ confidence: 'asc' }, { testIndex: 'asc' }],
  index: [{ testIndex: 'asc' }],
} as const;

export async function listMisclassified(db: Db, q: MisclassifiedQuery): Promise<{ total: number; digits: MisclassifiedDigitView[] }> {
  const where = {
    runId: q.runId,
    ...(q.trueLabel !== undefined ? { trueLabel: q.trueLabel } : {}),
    ...(q.predictedLabel !== undefined ? { predictedLabel: q.predictedLabel } : {}),
  };
  const [run, total, rows] = await Promise.all([
    db.run.findUnique({ where: { id: q.runId }, select: { id: true } }),
    db.misclassifiedDigit.count({ where }),
    db.misclassifiedDigit.findMany({ where, orderBy: [...ORDER[q.sort]], take: q.limit }),
  ]);
  if (!run) throw runNotFound(q.runId);
  return {
    total,
    digits: rows.map((d) => ({
      index: d.testIndex,
      trueLabel: d.trueLabel,
      predictedLabel: d.predictedLabel,
      confidence: d.confidence,
      probabilities: d.probabilities,
      pixels: Buffer.from(d.pixels).toString('base64'),
    })),
  };
}

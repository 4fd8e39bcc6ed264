// One run in full for its page: the table's columns plus notes, error, provenance, confusion matrix and what is stored.
import type { Db } from '@mnist-lab/db';
import type { Architecture } from '@mnist-lab/contracts';
import { runNotFound } from './lock-run';
import { toRunRow, type RunRow } from './run-row';

export interface RunDetail extends RunRow {
  notes: string | null;
  error: string | null;
  host: string | null;
  gitCommit: string | null;
  command: string | null;
  /** The layer table, as recorded at create (validated by ArchitectureSchema). */
  architecture: Architecture | null;
  bestEpoch: number | null;
  stoppedEarly: boolean | null;
  /** 10x10, rows true label, columns predicted label; null until the run finishes. */
  confusionMatrix: number[][] | null;
  hasModel: boolean;
  hasPredictions: boolean;
  /** How many epochs of validation predictions are stored (runs.validationAt); 0 for runs logged before they were. */
  validationEpochs: number;
  /** Whether the test embedding is stored (runs.embedding). */
  hasEmbedding: boolean;
}

export async function getRun(db: Db, id: string): Promise<RunDetail> {
  // The prediction bytes (50 kB) stay in the database: the page only needs to know they exist.
  const [run, withPredictions] = await Promise.all([
    db.run.findUnique({
      where: { id },
      omit: { testPredictions: true, testConfidences: true },
      include: { sweep: { select: { name: true } }, model: { select: { runId: true } }, embedding: { select: { runId: true } }, _count: { select: { validationEpochs: true } } },
    }),
    db.run.count({ where: { id, testPredictions: { not: null } } }),
  ]);
  if (!run) throw runNotFound(id);
  return {
    ...toRunRow({ ...run, sweepName: run.sweep?.name ?? null }),
    notes: run.notes,
    error: run.error,
    host: run.host,
    gitCommit: run.gitCommit,
    command: run.command,
    architecture: run.architecture as Architecture | null,
    bestEpoch: run.bestEpoch,
    stoppedEarly: run.stoppedEarly,
    // Validated by ConfusionMatrixSchema when the run finished.
    confusionMatrix: run.confusionMatrix as number[][] | null,
    hasModel: run.model !== null,
    hasPredictions: withPredictions > 0,
    validationEpochs: run._count.validationEpochs,
    hasEmbedding: run.embedding !== null,
  };
}

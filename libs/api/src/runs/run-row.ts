// A run as the runs table shows it: the summary columns, dates as ISO strings, shared by runs.list and runs.get.
import type { RunConfig, RunStatus } from '@mnist-lab/contracts';

export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  sweepId: string | null;
  sweepName: string | null;
  tags: string[];
  /** The user's config as given; the trainer's runs hold its full hyperparameters. */
  config: RunConfig;
  /** Free text: the trainer's engine (fused, wasm, ...) or what an SDK script names (pytorch 2.4, ...). */
  backend: string;
  /** Copied out of the config where it holds them (see indexedColumns); null otherwise. */
  seed: number | null;
  learningRate: number | null;
  batchSize: number | null;
  dropout: number | null;
  /** From the recorded architecture: mlp, cnn, ...; null when none was recorded. */
  family: string | null;
  paramCount: number | null;
  lastEpoch: number;
  bestValAccuracy: number | null;
  bestValLoss: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
  misclassifiedCount: number | null;
  durationMs: number | null;
  startedAt: string;
  endedAt: string | null;
  heartbeatAt: string;
  /** When the run was archived from the page; null while it is in the default lists. */
  archivedAt: string | null;
}

/** The stored columns behind a RunRow, as both the typed client and the list's SQL return them. */
export type StoredRunRow = Omit<RunRow, 'status' | 'config' | 'startedAt' | 'endedAt' | 'heartbeatAt' | 'archivedAt'> & {
  status: string;
  config: unknown;
  startedAt: Date;
  endedAt: Date | null;
  heartbeatAt: Date;
  archivedAt: Date | null;
};

export function toRunRow(r: StoredRunRow): RunRow {
  return {
    id: r.id,
    name: r.name,
    // status and config were validated by CreateRunSchema on the way in; the database holds nothing else.
    status: r.status as RunStatus,
    sweepId: r.sweepId,
    sweepName: r.sweepName,
    tags: r.tags,
    config: r.config as RunConfig,
    backend: r.backend,
    seed: r.seed,
    learningRate: r.learningRate,
    batchSize: r.batchSize,
    dropout: r.dropout,
    family: r.family,
    paramCount: r.paramCount,
    lastEpoch: r.lastEpoch,
    bestValAccuracy: r.bestValAccuracy,
    bestValLoss: r.bestValLoss,
    testAccuracy: r.testAccuracy,
    testLoss: r.testLoss,
    misclassifiedCount: r.misclassifiedCount,
    durationMs: r.durationMs,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt ? r.endedAt.toISOString() : null,
    heartbeatAt: r.heartbeatAt.toISOString(),
    archivedAt: r.archivedAt ? r.archivedAt.toISOString() : null,
  };
}

// A run as the runs table shows it: the summary columns, dates as ISO strings, shared by runs.list and runs.get.
import type { Backend, Hyperparams, RunStatus } from '@mnist-lab/metrics';

export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  sweepId: string | null;
  sweepName: string | null;
  tags: string[];
  hyperparams: Hyperparams;
  backend: Backend;
  seed: number;
  learningRate: number;
  batchSize: number;
  dropout: number;
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
}

/** The stored columns behind a RunRow, as both the typed client and the list's SQL return them. */
export type StoredRunRow = Omit<RunRow, 'status' | 'hyperparams' | 'backend' | 'startedAt' | 'endedAt' | 'heartbeatAt'> & {
  status: string;
  hyperparams: unknown;
  backend: string;
  startedAt: Date;
  endedAt: Date | null;
  heartbeatAt: Date;
};

export function toRunRow(r: StoredRunRow): RunRow {
  return {
    id: r.id,
    name: r.name,
    // status, backend and hyperparams were validated by CreateRunSchema on the way in; the database holds nothing else.
    status: r.status as RunStatus,
    sweepId: r.sweepId,
    sweepName: r.sweepName,
    tags: r.tags,
    hyperparams: r.hyperparams as Hyperparams,
    backend: r.backend as Backend,
    seed: r.seed,
    learningRate: r.learningRate,
    batchSize: r.batchSize,
    dropout: r.dropout,
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
  };
}

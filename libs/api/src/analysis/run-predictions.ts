// Loads what runs predicted for every test digit (the compact bytes plus which digits they got wrong) and the true labels.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import type { RunConfig } from '@mnist-lab/contracts';
import { runNotFound } from '../runs/lock-run';

export interface RunPredictions {
  id: string;
  name: string;
  /** Null for a run whose config names no integer seed. */
  seed: number | null;
  sweepId: string | null;
  config: RunConfig;
  /** Predicted label of test digit i. */
  labels: Uint8Array;
  /** The model's probability for its predicted label of digit i. */
  confidences: Float32Array;
  /** Test index -> true label, for the digits this run gets wrong (its MisclassifiedDigit rows). */
  wrong: Map<number, number>;
}

export interface RunSummary {
  id: string;
  name: string;
  seed: number | null;
  /** Share of the test digits the run gets right, recomputed from its predictions. */
  accuracy: number;
  errors: number;
}

export function summarize(run: RunPredictions): RunSummary {
  return { id: run.id, name: run.name, seed: run.seed, accuracy: 1 - run.wrong.size / run.labels.length, errors: run.wrong.size };
}

const short = (id: string) => id.slice(0, 8);

function noPredictions(run: { id: string; name: string; status: string }): TRPCError {
  const why =
    run.status === 'finished'
      ? 'it finished without them (logged by a trainer that did not send them)'
      : `it is ${run.status}; only runs that finished their test evaluation have them`;
  return new TRPCError({ code: 'CONFLICT', message: `run ${run.name} (${short(run.id)}) has no stored test predictions: ${why}` });
}

function decodeConfidences(bytes: Uint8Array, count: number): Float32Array {
  // The column is little-endian float32 whatever the server's byte order; DataView reads it that way on any platform.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** The runs in the order asked; 404 for an unknown id, 409 for a run without predictions or with a different test set. */
export async function loadPredictions(db: Db, ids: readonly string[]): Promise<RunPredictions[]> {
  const rows = await db.run.findMany({
    where: { id: { in: [...ids] } },
    select: {
      id: true,
      name: true,
      status: true,
      seed: true,
      sweepId: true,
      config: true,
      testPredictions: true,
      testConfidences: true,
      misclassified: { select: { testIndex: true, trueLabel: true } },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const runs = ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw runNotFound(id);
    const { testPredictions: labels, testConfidences: confidences } = row;
    if (!labels || !confidences || confidences.length !== labels.length * 4) throw noPredictions(row);
    return {
      id: row.id,
      name: row.name,
      seed: row.seed,
      sweepId: row.sweepId,
      // Validated by CreateRunSchema when the run was created.
      config: row.config as RunConfig,
      labels,
      confidences: decodeConfidences(confidences, labels.length),
      wrong: new Map(row.misclassified.map((m) => [m.testIndex, m.trueLabel])),
    };
  });
  const sizes = new Set(runs.map((r) => r.labels.length));
  if (sizes.size > 1) {
    throw new TRPCError({
      code: 'CONFLICT',
      message: `the runs were evaluated on test sets of different sizes (${[...sizes].join(' vs ')} digits): they cannot be compared digit by digit`,
    });
  }
  return runs;
}

/**
 * The true label of every test digit, without the MNIST files: a digit some run gets wrong has its true label stored
 * with that mistake; a digit no run gets wrong is right in all of them, so its true label is what they predicted.
 */
export function trueLabels(runs: readonly RunPredictions[]): Uint8Array {
  const truth = Uint8Array.from(runs[0].labels);
  for (const run of runs) for (const [index, label] of run.wrong) if (index < truth.length) truth[index] = label;
  return truth;
}

/** Base64 pixels of test digits, taken from whichever of the runs got each one wrong (only mistakes carry pixels). */
export async function digitPixels(db: Db, runIds: readonly string[], indices: readonly number[]): Promise<Map<number, string>> {
  if (indices.length === 0) return new Map();
  const rows = await db.$queryRaw<{ testIndex: number; pixels: Uint8Array }[]>`
    SELECT DISTINCT ON ("testIndex") "testIndex", pixels FROM "MisclassifiedDigit"
    WHERE "runId" = ANY(${[...runIds]}::uuid[]) AND "testIndex" = ANY(${[...indices]}::int[])
    ORDER BY "testIndex"`;
  return new Map(rows.map((r) => [r.testIndex, Buffer.from(r.pixels).toString('base64')]));
}

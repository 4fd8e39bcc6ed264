// A run's last hidden layer on the test digits, stored at finish and read whole by the embedding map.
import { TRPCError } from '@trpc/server';
import type { Db, Prisma } from '@mnist-lab/db';
import { EmbeddingProjectionSchema, type EmbeddingView, type TestEmbedding } from '@mnist-lab/contracts';
import { bytes } from './test-results';
import { runNotFound } from './lock-run';

const float32Bytes = (values: readonly number[]) => new Uint8Array(Float32Array.from(values).buffer as ArrayBuffer);
const floats = (b: Uint8Array) => Array.from(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));

/** Stores (or replaces) the record inside finish's transaction. */
export async function storeEmbedding(tx: Prisma.TransactionClient, runId: string, e: TestEmbedding): Promise<void> {
  const data = {
    layer: e.layer,
    originalWidth: e.originalWidth,
    width: e.width,
    projection: e.projection ?? undefined,
    count: e.count,
    values: bytes(e.values),
    scales: float32Bytes(e.scales),
    offsets: float32Bytes(e.offsets),
    trueLabels: bytes(e.trueLabels),
    predictedLabels: bytes(e.predictedLabels),
  };
  await tx.testEmbedding.upsert({ where: { runId }, create: { runId, ...data }, update: data });
}

export async function readEmbedding(db: Db, runId: string): Promise<EmbeddingView> {
  const [run, e] = await Promise.all([
    db.run.findUnique({ where: { id: runId }, select: { id: true } }),
    db.testEmbedding.findUnique({ where: { runId } }),
  ]);
  if (!run) throw runNotFound(runId);
  if (!e) throw new TRPCError({ code: 'CONFLICT', message: `run ${runId} has no test embedding (finished before mnist-lab stored them, or not finished yet)` });
  const projection = EmbeddingProjectionSchema.safeParse(e.projection);
  return {
    runId,
    layer: e.layer,
    originalWidth: e.originalWidth,
    width: e.width,
    projection: projection.success ? projection.data : null,
    count: e.count,
    values: Buffer.from(e.values).toString('base64'),
    scales: floats(e.scales),
    offsets: floats(e.offsets),
    trueLabels: Buffer.from(e.trueLabels).toString('base64'),
    predictedLabels: Buffer.from(e.predictedLabels).toString('base64'),
  };
}

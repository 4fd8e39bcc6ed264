// digits.validationImages: the pixels of a few validation digits, by training-image index: from the runs' stored
// validation mistakes (only a digit once wrong carries its pixels), else from the server's MNIST training images.
import type { Db } from '@mnist-lab/db';
import type { ValidationImagesRequest } from '@mnist-lab/contracts';
import { PIXELS_PER_IMAGE } from '@mnist-lab/data';
import { mnistTrainPixels } from './mnist-train-pixels';

export interface ValidationImage {
  sourceIndex: number;
  /** Base64 of 784 raw pixels; null when neither a stored mistake nor the server's training file has this digit. */
  pixels: string | null;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** Pixels some run stored for the wanted training images, whichever run's validation set holds them. */
async function storedPixels(db: Db, runIds: readonly string[], wanted: ReadonlySet<number>): Promise<Map<number, string>> {
  const sets = await db.validationSet.findMany({ where: { runId: { in: [...runIds] }, sourceIndices: { not: null } }, select: { runId: true, count: true, sourceIndices: true } });
  const run: string[] = [];
  const index: number[] = [];
  const source: number[] = [];
  for (const set of sets) {
    const bytes = set.sourceIndices;
    if (!bytes || bytes.byteLength !== set.count * 4) continue;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < set.count; i++) {
      const s = view.getUint32(i * 4, true);
      if (wanted.has(s)) {
        run.push(set.runId);
        index.push(i);
        source.push(s);
      }
    }
  }
  if (run.length === 0) return new Map();
  const rows = await db.$queryRaw<{ source: number; pixels: Uint8Array }[]>`
    SELECT DISTINCT ON (w.source) w.source, d.pixels
    FROM unnest(${run}::uuid[], ${index}::int[], ${source}::int[]) AS w(run_id, idx, source)
    JOIN "ValidationDigit" d ON d."runId" = w.run_id AND d.index = w.idx
    ORDER BY w.source`;
  return new Map(rows.map((r) => [r.source, b64(r.pixels)]));
}

export async function validationImages(db: Db, q: ValidationImagesRequest, mnistDataDir: string | undefined): Promise<ValidationImage[]> {
  const stored = await storedPixels(db, q.runIds, new Set(q.sourceIndices));
  const missing = q.sourceIndices.some((s) => !stored.has(s));
  const train = missing ? await mnistTrainPixels(mnistDataDir) : null;
  return q.sourceIndices.map((sourceIndex) => {
    const pixels = stored.get(sourceIndex);
    if (pixels) return { sourceIndex, pixels };
    if (train && typeof train !== 'string' && sourceIndex < train.count) {
      return { sourceIndex, pixels: b64(train.pixels.subarray(sourceIndex * PIXELS_PER_IMAGE, (sourceIndex + 1) * PIXELS_PER_IMAGE)) };
    }
    return { sourceIndex, pixels: null };
  });
}

// One epoch's predictions on the run's validation set: the set once, the epoch's labels and confidences, new pixels.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import type { ValidationLog } from '@mnist-lab/contracts';
import { bytes } from './test-results';
import { attemptIs, fromStatuses, refused, REVIVE_CRASHED } from './run-state';

const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null) => (a === null || b === null ? a === b : Buffer.from(a).equals(Buffer.from(b)));

/**
 * A repeated epoch replaces the earlier one (a spool's replay stores the same bytes again); pixels already stored are
 * kept. The write takes the run's row lock, so it is refused (409) exactly as logEpoch is: an ended run, an earlier
 * attempt of a sweep trial. Nothing is written unless all of it is.
 */
export async function logValidation(db: Db, input: ValidationLog): Promise<{ ok: true; correct: number }> {
  const predicted = bytes(input.predicted);
  const confidences = bytes(input.confidences);
  const now = new Date();
  return db.$transaction(
    async (tx) => {
      const taken = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Run" SET "heartbeatAt" = ${now}, ${REVIVE_CRASHED}
        WHERE id = ${input.runId}::uuid AND status = ANY(${fromStatuses('log-validation')}) AND ${attemptIs(input.attempt)}
        RETURNING id`;
      if (taken.length === 0) {
        const run = await tx.run.findUnique({ where: { id: input.runId }, select: { status: true, attempt: true } });
        throw refused(input.runId, run, 'log-validation', input.attempt);
      }
      let set = await tx.validationSet.findUnique({ where: { runId: input.runId } });
      if (input.set) {
        const sent = { count: predicted.length, trueLabels: bytes(input.set.labels), sourceIndices: input.set.sourceIndices ? bytes(input.set.sourceIndices) : null };
        if (!set) {
          set = await tx.validationSet.create({ data: { runId: input.runId, ...sent } });
        } else if (set.count !== sent.count || !sameBytes(set.trueLabels, sent.trueLabels) || !sameBytes(set.sourceIndices, sent.sourceIndices)) {
          throw conflict(`run ${input.runId} keeps the validation set of ${set.count} digits it was first sent; this record sends a different one`);
        }
      }
      if (!set) throw conflict(`run ${input.runId} has no validation set yet: send \`set\` (the digits' true labels) with its first epoch's predictions`);
      if (predicted.length !== set.count) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `predicted: expected ${set.count} labels (the run's validation set), got ${predicted.length}` });
      }
      let correct = 0;
      for (let i = 0; i < predicted.length; i++) if (predicted[i] === set.trueLabels[i]) correct++;
      const epoch = { predicted, confidences, correct, at: new Date(input.at) };
      await tx.validationEpoch.upsert({
        where: { runId_epoch: { runId: input.runId, epoch: input.epoch } },
        create: { runId: input.runId, epoch: input.epoch, ...epoch },
        update: epoch,
      });
      if (input.pixels?.length) {
        await tx.validationDigit.createMany({ data: input.pixels.map((p) => ({ runId: input.runId, index: p.index, pixels: bytes(p.pixels) })), skipDuplicates: true });
      }
      return { ok: true as const, correct };
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

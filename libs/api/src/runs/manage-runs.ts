// Run management from the page: rename, archive and restore. Each call checks every named run before it writes, so a
// refusal (a bad or unknown id) leaves every run as it was.
import type { Db, Prisma } from '@mnist-lab/db';
import { runNotFound } from './lock-run';

/** The given ids once each, in the order given (the first unknown one is the one a 404 names). */
export function uniqueIds(runIds: readonly string[]): string[] {
  return [...new Set(runIds.map((id) => id.toLowerCase()))];
}

/** NOT_FOUND naming the first of `runIds` that is not stored; the rows are locked until the transaction ends. */
export async function lockExisting(tx: Prisma.TransactionClient, runIds: readonly string[]): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "Run" WHERE id = ANY(${runIds}::uuid[]) ORDER BY id FOR UPDATE`;
  const found = new Set(rows.map((r) => r.id));
  const missing = runIds.find((id) => !found.has(id));
  if (missing !== undefined) throw runNotFound(missing);
}

export async function renameRun(db: Db, runId: string, name: string): Promise<{ ok: true; name: string }> {
  const { count } = await db.run.updateMany({ where: { id: runId }, data: { name } });
  if (count === 0) throw runNotFound(runId);
  return { ok: true, name };
}

export interface ArchiveOutcome {
  ok: true;
  /** How many of the runs changed: a run already archived (or already restored) is left as it was. */
  changed: number;
}

/** Archives the runs (an archived run keeps its first archivedAt) or restores them; all or none. */
export function setArchived(db: Db, runIds: readonly string[], archived: boolean): Promise<ArchiveOutcome> {
  const ids = uniqueIds(runIds);
  return db.$transaction(async (tx) => {
    await lockExisting(tx, ids);
    const { count } = await tx.run.updateMany({
      where: { id: { in: ids }, archivedAt: archived ? null : { not: null } },
      data: { archivedAt: archived ? new Date() : null },
    });
    return { ok: true as const, changed: count };
  });
}

// The user's words on a run: tags and notes, stored exactly as typed (the dashboard escapes them when it renders).
import type { Db } from '@mnist-lab/db';
import { runNotFound } from './lock-run';

export async function setTags(db: Db, runId: string, tags: string[]): Promise<{ ok: true; tags: string[] }> {
  const unique = [...new Set(tags)];
  const { count } = await db.run.updateMany({ where: { id: runId }, data: { tags: unique } });
  if (count === 0) throw runNotFound(runId);
  return { ok: true, tags: unique };
}

export async function setNotes(db: Db, runId: string, notes: string | null): Promise<{ ok: true }> {
  const { count } = await db.run.updateMany({ where: { id: runId }, data: { notes } });
  if (count === 0) throw runNotFound(runId);
  return { ok: true };
}

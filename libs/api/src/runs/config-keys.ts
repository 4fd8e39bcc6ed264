// Every config key present in the stored runs, as dotted paths, for the runs table's columns, sorts and filters.
import { Prisma, type Db } from '@mnist-lab/db';
import type { ConfigKeyInfo } from '@mnist-lab/contracts';

/**
 * Walks each run's config in SQL (nested objects recursively, arrays and scalars as leaves) and counts runs per path
 * and the JSON types its values take. One query over the runs, not one row per run to the server: 10,000 runs with a
 * dozen keys each come back as a dozen rows.
 */
export async function configKeys(db: Db, q: { sweepId?: string }): Promise<ConfigKeyInfo[]> {
  const where = q.sweepId ? Prisma.sql`WHERE r."sweepId" = ${q.sweepId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<{ path: string; types: string[]; runs: number }[]>`
    WITH RECURSIVE leaf(id, path, value, depth) AS (
      SELECT r.id, e.key, e.value, 1 FROM "Run" r, jsonb_each(r.config) e ${where}
      UNION ALL
      SELECT l.id, l.path || '.' || e.key, e.value, l.depth + 1
      FROM leaf l, jsonb_each(l.value) e
      WHERE jsonb_typeof(l.value) = 'object' AND l.depth < 16
    )
    SELECT path, array_agg(DISTINCT jsonb_typeof(value) ORDER BY jsonb_typeof(value)) AS types, count(DISTINCT id)::int AS runs
    FROM leaf
    WHERE jsonb_typeof(value) <> 'object' OR value = '{}'::jsonb
    GROUP BY path
    ORDER BY path
    LIMIT 2000`;
  return rows;
}

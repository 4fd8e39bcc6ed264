// The runs table: filters, sort and one page in two indexed queries (page and count), never one query per run.
import { Prisma, type Db } from '@mnist-lab/db';
import type { ListRuns } from '@mnist-lab/metrics';
import { toRunRow, type RunRow, type StoredRunRow } from './run-row';

export interface RunPage {
  total: number;
  page: number;
  pageSize: number;
  runs: RunRow[];
}

// Columns that may hold NULL get NULLS LAST; NOT NULL columns keep the plain order so their btree indexes serve the sort.
const SORT_SQL: Record<ListRuns['sort'], { column: string; nullable: boolean }> = {
  name: { column: 'r.name', nullable: false },
  status: { column: 'r.status::text', nullable: false },
  startedAt: { column: 'r."startedAt"', nullable: false },
  duration: { column: 'r."durationMs"', nullable: true },
  testAccuracy: { column: 'r."testAccuracy"', nullable: true },
  testLoss: { column: 'r."testLoss"', nullable: true },
  misclassifiedCount: { column: 'r."misclassifiedCount"', nullable: true },
  bestValAccuracy: { column: 'r."bestValAccuracy"', nullable: true },
  learningRate: { column: 'r."learningRate"', nullable: false },
  batchSize: { column: 'r."batchSize"', nullable: false },
  dropout: { column: 'r.dropout', nullable: false },
  sweep: { column: 's.name', nullable: true },
  tags: { column: "lower(array_to_string(r.tags, ','))", nullable: false },
  optimizer: { column: "r.hyperparams->>'optimizer'", nullable: true },
  // jsonb orders arrays element by element: [32] < [64, 32] < [128, 64].
  hiddenUnits: { column: "r.hyperparams->'hiddenUnits'", nullable: true },
  backend: { column: 'r.backend', nullable: false },
  seed: { column: 'r.seed', nullable: false },
  lastEpoch: { column: 'r."lastEpoch"', nullable: false },
  bestValLoss: { column: 'r."bestValLoss"', nullable: true },
};

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereClause(q: ListRuns): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (q.status && q.status.length > 0) conditions.push(Prisma.sql`r.status = ANY(${q.status}::"RunStatus"[])`);
  if (q.tag) conditions.push(Prisma.sql`r.tags @> ARRAY[${q.tag}]::text[]`);
  if (q.sweepId) conditions.push(Prisma.sql`r."sweepId" = ${q.sweepId}::uuid`);
  if (q.search) {
    const p = likePattern(q.search);
    conditions.push(Prisma.sql`(r.name ILIKE ${p} OR r.notes ILIKE ${p} OR EXISTS (SELECT 1 FROM unnest(r.tags) t WHERE t ILIKE ${p}))`);
  }
  // jsonb containment compares numbers numerically (0.001 matches 1e-3) and strings and booleans exactly.
  if (q.hyperparams && Object.keys(q.hyperparams).length > 0) {
    conditions.push(Prisma.sql`r.hyperparams @> ${JSON.stringify(q.hyperparams)}::jsonb`);
  }
  return conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

export async function listRuns(db: Db, q: ListRuns): Promise<RunPage> {
  const where = whereClause(q);
  const sort = SORT_SQL[q.sort];
  const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
  const orderBy = Prisma.raw(`${sort.column} ${dir}${sort.nullable ? ' NULLS LAST' : ''}, r.id ${dir}`);
  const [rows, counted] = await Promise.all([
    db.$queryRaw<StoredRunRow[]>`
      SELECT r.id, r.name, r.status::text AS status, r."sweepId", s.name AS "sweepName", r.tags, r.hyperparams,
        r.backend, r.seed, r."learningRate", r."batchSize", r.dropout, r."lastEpoch", r."bestValAccuracy",
        r."bestValLoss", r."testAccuracy", r."testLoss", r."misclassifiedCount", r."durationMs",
        r."startedAt", r."endedAt", r."heartbeatAt"
      FROM "Run" r LEFT JOIN "Sweep" s ON s.id = r."sweepId"
      ${where}
      ORDER BY ${orderBy}
      LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM "Run" r ${where}`,
  ]);
  return { total: counted[0]?.total ?? 0, page: q.page, pageSize: q.pageSize, runs: rows.map(toRunRow) };
}

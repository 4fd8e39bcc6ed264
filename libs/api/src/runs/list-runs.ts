// The runs table: filters, sort and one page in two indexed queries (page and count), never one query per run.
import { Prisma, type Db } from '@mnist-lab/db';
import type { ListRuns, RUN_SORT_COLUMNS } from '@mnist-lab/contracts';
import { toRunRow, type RunRow, type StoredRunRow } from './run-row';

export interface RunPage {
  total: number;
  page: number;
  pageSize: number;
  runs: RunRow[];
}

// Columns that may hold NULL get NULLS LAST; NOT NULL columns keep the plain order so their btree indexes serve the sort.
const SORT_SQL: Record<(typeof RUN_SORT_COLUMNS)[number], { column: string; nullable: boolean }> = {
  name: { column: 'r.name', nullable: false },
  status: { column: 'r.status::text', nullable: false },
  startedAt: { column: 'r."startedAt"', nullable: false },
  duration: { column: 'r."durationMs"', nullable: true },
  testAccuracy: { column: 'r."testAccuracy"', nullable: true },
  testLoss: { column: 'r."testLoss"', nullable: true },
  misclassifiedCount: { column: 'r."misclassifiedCount"', nullable: true },
  bestValAccuracy: { column: 'r."bestValAccuracy"', nullable: true },
  learningRate: { column: 'r."learningRate"', nullable: true },
  batchSize: { column: 'r."batchSize"', nullable: true },
  dropout: { column: 'r.dropout', nullable: true },
  sweep: { column: 's.name', nullable: true },
  tags: { column: "lower(array_to_string(r.tags, ','))", nullable: false },
  optimizer: { column: "r.config->>'optimizer'", nullable: true },
  // jsonb orders arrays element by element: [32] < [64, 32] < [128, 64].
  hiddenUnits: { column: "r.config->'hiddenUnits'", nullable: true },
  backend: { column: 'r.backend', nullable: false },
  seed: { column: 'r.seed', nullable: true },
  paramCount: { column: 'r."paramCount"', nullable: true },
  family: { column: 'r.family', nullable: true },
  lastEpoch: { column: 'r."lastEpoch"', nullable: false },
  bestValLoss: { column: 'r."bestValLoss"', nullable: true },
};

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereClause(q: ListRuns): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (q.archived === 'exclude') conditions.push(Prisma.sql`r."archivedAt" IS NULL`);
  if (q.archived === 'only') conditions.push(Prisma.sql`r."archivedAt" IS NOT NULL`);
  if (q.status && q.status.length > 0) conditions.push(Prisma.sql`r.status = ANY(${q.status}::"RunStatus"[])`);
  if (q.tag) conditions.push(Prisma.sql`r.tags @> ARRAY[${q.tag}]::text[]`);
  if (q.sweepId) conditions.push(Prisma.sql`r."sweepId" = ${q.sweepId}::uuid`);
  if (q.search) {
    const p = likePattern(q.search);
    conditions.push(Prisma.sql`(r.name ILIKE ${p} OR r.notes ILIKE ${p} OR EXISTS (SELECT 1 FROM unnest(r.tags) t WHERE t ILIKE ${p}))`);
  }
  // jsonb containment compares numbers numerically (0.001 matches 1e-3) and strings and booleans exactly; a dotted
  // path becomes the nested object it names, so the GIN-free containment still reads one row at a time, never a cast.
  if (q.config && Object.keys(q.config).length > 0) {
    conditions.push(Prisma.sql`r.config @> ${JSON.stringify(nestedFilter(q.config))}::jsonb`);
  }
  return conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/** `{ "optimizer.lr": 0.001 }` -> `{ optimizer: { lr: 0.001 } }`; a key that holds a dot itself cannot be filtered on. */
export function nestedFilter(filter: Record<string, string | number | boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(filter)) {
    const keys = path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) {
      const next = node[k];
      node = (node[k] = next && typeof next === 'object' ? next : {}) as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
  }
  return out;
}

function orderClause(q: ListRuns): Prisma.Sql {
  const dir = Prisma.raw(q.direction === 'asc' ? 'ASC' : 'DESC');
  if (q.sort.startsWith('config.')) {
    // jsonb orders numbers numerically and arrays element-wise; runs without the key go last either way.
    const path = q.sort.slice('config.'.length).split('.');
    return Prisma.sql`r.config #> ${path}::text[] ${dir} NULLS LAST, r.id ${dir}`;
  }
  const sort = SORT_SQL[q.sort as keyof typeof SORT_SQL];
  return Prisma.sql`${Prisma.raw(sort.column)} ${dir}${Prisma.raw(sort.nullable ? ' NULLS LAST' : '')}, r.id ${dir}`;
}

export async function listRuns(db: Db, q: ListRuns): Promise<RunPage> {
  const where = whereClause(q);
  const orderBy = orderClause(q);
  const [rows, counted] = await Promise.all([
    db.$queryRaw<StoredRunRow[]>`
      SELECT r.id, r.name, r.status::text AS status, r."sweepId", s.name AS "sweepName", r.tags, r.config,
        r.backend, r.seed, r."learningRate", r."batchSize", r.dropout, r.family, r."paramCount", r."lastEpoch", r."bestValAccuracy",
        r."bestValLoss", r."testAccuracy", r."testLoss", r."misclassifiedCount", r."durationMs",
        r."startedAt", r."endedAt", r."heartbeatAt", r."archivedAt"
      FROM "Run" r LEFT JOIN "Sweep" s ON s.id = r."sweepId"
      ${where}
      ORDER BY ${orderBy}
      LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM "Run" r ${where}`,
  ]);
  return { total: counted[0]?.total ?? 0, page: q.page, pageSize: q.pageSize, runs: rows.map(toRunRow) };
}

// Runs named as a user types them on the command line: a full id, the first characters of one, or an exact name.
import type { Db } from '@mnist-lab/db';
import type { RunStatus } from '@mnist-lab/contracts';

export interface RunMatch {
  id: string;
  name: string;
  status: RunStatus;
  startedAt: string;
}

/** At most this many matches come back: enough to show a user why a prefix or name is ambiguous. */
const MAX_MATCHES = 6;

export async function findRuns(db: Db, ref: string): Promise<{ matches: RunMatch[] }> {
  // Only hex digits and dashes can start a UUID; anything else is looked up by name alone.
  const prefix = /^[0-9a-f-]+$/i.test(ref) ? `${ref.toLowerCase()}%` : null;
  const rows = await db.$queryRaw<{ id: string; name: string; status: string; startedAt: Date }[]>`
    SELECT id, name, status::text AS status, "startedAt" FROM "Run"
    WHERE name = ${ref} OR (${prefix}::text IS NOT NULL AND id::text LIKE ${prefix}::text)
    ORDER BY (id::text = ${ref.toLowerCase()}) DESC, "startedAt" DESC
    LIMIT ${MAX_MATCHES}`;
  const exact = rows.find((r) => r.id === ref.toLowerCase());
  // A full id names one run even if some other run happens to be called by that id.
  const chosen = exact ? [exact] : rows;
  return { matches: chosen.map((r) => ({ id: r.id, name: r.name, status: r.status as RunStatus, startedAt: r.startedAt.toISOString() })) };
}

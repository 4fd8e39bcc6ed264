// A micro-cache of runs.list: the same page asked again within a second is answered from one query. 20 open pages
// polling the runs table every 250 ms cost logEpoch's p99 three times over (issue 15's reads under load): the server's
// one thread and PostgreSQL spent on the same list what the trainers' writes were waiting for.
import type { Db } from '@mnist-lab/db';
import type { ListRuns } from '@mnist-lab/contracts';
import { listRuns, type RunPage } from './list-runs';

/** How stale a list may be: the pages poll every 1 to 2 s, and a trainer's epoch shows up within that anyway. */
export const LIST_FRESH_MS = 1_000;
const MAX_ENTRIES = 256;

export class ListCache {
  private readonly entries = new Map<string, { at: number; page: Promise<RunPage> }>();

  constructor(private readonly freshMs = LIST_FRESH_MS) {}

  /** The page for `q`: from a query at most freshMs old, or one in flight (concurrent askers share it), else a new one. */
  list(db: Db, q: ListRuns): Promise<RunPage> {
    const key = JSON.stringify(q);
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.freshMs) return hit.page;
    const page = listRuns(db, q);
    // A failure is not kept: the next asker tries again.
    page.catch(() => this.entries.get(key)?.page === page && this.entries.delete(key));
    this.entries.delete(key);
    this.entries.set(key, { at: now, page });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return page;
  }

  /** Forgets every page: a write a person makes (a new run, a rename, a finish) shows at once. */
  clear(): void {
    this.entries.clear();
  }
}

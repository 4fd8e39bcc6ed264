// Named write tokens (`mnist-lab token create --name NAME`): stored as SHA-256, looked up per request through a short cache.
import { createHash, randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** How long a replica trusts what it read of a token: a revoke on another replica takes effect within this. */
const CACHE_MS = 5_000;
/** lastUsedAt is written at most this often per token, so a trainer's every write does not also write the token row. */
const TOUCH_EVERY_MS = 60_000;

export interface TokenView {
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The tokens of one store, as a process sees them. */
export class NamedTokens {
  private readonly cache = new Map<string, { name: string | null; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** The name of the live token with this value, or null. */
  async nameOf(value: string): Promise<string | null> {
    const hash = sha256(value);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.name;
    const row = await this.db.apiToken.findUnique({ where: { hash }, select: { name: true, revokedAt: true } });
    const name = row && !row.revokedAt ? row.name : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { name, until: now + CACHE_MS });
    if (name && (this.touched.get(name) ?? 0) + TOUCH_EVERY_MS < now) {
      this.touched.set(name, now);
      // Not awaited: when a token was last used is for `token list`, never worth delaying the request it came with.
      this.db.apiToken.update({ where: { name }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
    }
    return name;
  }

  /** Whether the token of this name is live (a session signed in with it ends when it is revoked). */
  async isLive(name: string): Promise<boolean> {
    const key = `name:${name}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.name !== null;
    const row = await this.db.apiToken.findUnique({ where: { name }, select: { revokedAt: true } });
    const live = row !== null && !row.revokedAt;
    this.cache.set(key, { name: live ? name : null, until: now + CACHE_MS });
    return live;
  }

  /** Creates a token; its value is in the answer only, never stored. */
  async create(name: string): Promise<{ name: string; token: string }> {
    const token = `mlt_${randomBytes(24).toString('base64url')}`;
    const { count } = await this.db.apiToken.createMany({ data: [{ name, hash: sha256(token) }], skipDuplicates: true });
    if (count === 0) throw new TRPCError({ code: 'CONFLICT', message: `a token named ${name} exists already: revoke it, or choose another name` });
    return { name, token };
  }

  async list(): Promise<TokenView[]> {
    const rows = await this.db.apiToken.findMany({ orderBy: { createdAt: 'asc' } });
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return rows.map((r) => ({ name: r.name, createdAt: r.createdAt.toISOString(), lastUsedAt: iso(r.lastUsedAt), revokedAt: iso(r.revokedAt) }));
  }

  /** Revokes a token: it stops working (on other replicas within CACHE_MS); its row stays, naming the runs it wrote. */
  async revoke(name: string): Promise<{ name: string; revokedAt: string }> {
    const row = await this.db.apiToken.findUnique({ where: { name } });
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `no token named ${name}: mnist-lab token list shows them` });
    const revokedAt = row.revokedAt ?? new Date();
    if (!row.revokedAt) await this.db.apiToken.update({ where: { name }, data: { revokedAt } });
    for (const [hash, entry] of this.cache) if (entry.name === name || hash === `name:${name}`) this.cache.delete(hash);
    return { name, revokedAt: revokedAt.toISOString() };
  }
}

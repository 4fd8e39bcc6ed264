// The checked-in migrations folder as Prisma lays it out: ordered scripts, their checksums, the schema they reach.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LocalMigration {
  /** The folder name, `<timestamp>_<name>`, which Prisma records as `migration_name`. */
  name: string;
  file: string;
  script: string;
  /** sha256 hex of the script, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** Beside each migration.sql: the `schemaHash` of the schema.prisma that migration brings the database to. */
export const SCHEMA_HASH_FILE = 'schema.sha256';

/** Relative to this file. Kept out of a `new URL('literal', import.meta.url)` so that Turbopack does not try to
 * bundle the folder as an asset (it resolves such literals at build time); the server passes its own path. */
const MIGRATIONS_FROM_HERE = ['..', '..', '..', 'prisma', 'migrations'].join('/');

/** `prisma/migrations` at the workspace root; computed on call because bundlers rewrite `import.meta.url`. */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL(MIGRATIONS_FROM_HERE, import.meta.url));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Whether a script matches a recorded checksum, forgiving CRLF/LF conversions by git the way Prisma does
 * (prisma-engines schema-engine/connectors/schema-connector/src/checksum.rs, script_matches_checksum).
 */
export function checksumMatches(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  return variants.some((variant) => sha256(variant) === checksum);
}

/** Migrations in the order Prisma applies them (folder names sorted), each with its script and checksum. */
export async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the migrations folder ${dir} (${error.code}): run from a full mnist-lab checkout`);
  });
  await checkLockFile(dir);
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  return Promise.all(
    names.sort().map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      const script = await readFile(file, 'utf8').catch(() => {
        throw new Error(`${file} is missing: every folder in ${dir} must hold a migration.sql (remove stray folders)`);
      });
      return { name, file, script, checksum: sha256(script) };
    }),
  );
}

/** Prisma refuses migrations made for another provider; so do we (migration_lock.toml is optional, as in Prisma). */
async function checkLockFile(dir: string): Promise<void> {
  const lock = await readFile(path.join(dir, 'migration_lock.toml'), 'utf8').catch(() => undefined);
  const provider = lock?.match(/^provider\s*=\s*"([^"]*)"/m)?.[1];
  if (lock !== undefined && provider !== 'postgresql') {
    throw new Error(`${dir}/migration_lock.toml is for provider "${provider}", not "postgresql": these are not mnist-lab's migrations`);
  }
}

/**
 * A hash of schema.prisma that ignores comments, blank lines and indentation, so editing a doc comment
 * does not call for a migration while any change to a model, field, attribute or block does.
 */
export function schemaHash(schema: string): string {
  return sha256(normalizeSchema(schema));
}

export function normalizeSchema(schema: string): string {
  const lines: string[] = [];
  let line = '';
  let space = false;
  let inString = false;
  for (let i = 0; i < schema.length; i++) {
    const c = schema[i];
    if (inString) {
      line += c;
      if (c === '\\') line += schema[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '\n') {
      if (line !== '') lines.push(line);
      line = '';
      space = false;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      space = line !== '';
    } else if (c === '/' && schema[i + 1] === '/') {
      while (i + 1 < schema.length && schema[i + 1] !== '\n') i++;
    } else {
      line += (space ? ' ' : '') + c;
      space = false;
      if (c === '"') inString = true;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

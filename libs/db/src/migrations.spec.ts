// schema.prisma and the checked-in migrations must not drift: the last migration records the schema it reaches.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksumMatches, defaultMigrationsDir, readMigrations, SCHEMA_HASH_FILE, schemaHash, sha256 } from './migrations';

const migrationsDir = defaultMigrationsDir();
const schemaFile = path.resolve(migrationsDir, '../schema.prisma');

describe('checked-in migrations', () => {
  it('reach the current schema.prisma (else run `npm run db:migration -- <name>`, see prisma/README.md)', async () => {
    const migrations = await readMigrations(migrationsDir);
    expect(migrations.length).toBeGreaterThan(0);
    const latest = migrations[migrations.length - 1].name;
    const recorded = (await readFile(path.join(migrationsDir, latest, SCHEMA_HASH_FILE), 'utf8')).trim();
    const current = schemaHash(await readFile(schemaFile, 'utf8'));
    expect(current, `prisma/schema.prisma changed since ${latest}: run \`npm run db:migration -- <name>\``).toBe(recorded);
  });

  it('are named <14-digit UTC timestamp>_<snake_case> so they sort in creation order', async () => {
    for (const { name } of await readMigrations(migrationsDir)) expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });
});

describe('schemaHash', () => {
  const schema = 'model Run {\n  id   String @id // the run\n  name String @default("a  // b")\n}\n';

  it('ignores comments, blank lines and indentation', () => {
    const reformatted = '/// Runs.\nmodel Run {\n\n\tid String   @id\n  name    String @default("a  // b") // shown in the table\n}';
    expect(schemaHash(reformatted)).toBe(schemaHash(schema));
  });

  it('sees any change to a model, including inside string literals', () => {
    expect(schemaHash(schema.replace('String @id', 'Int @id'))).not.toBe(schemaHash(schema));
    expect(schemaHash(schema.replace('"a  // b"', '"a // b"'))).not.toBe(schemaHash(schema));
  });
});

describe('checksumMatches', () => {
  it("accepts the script Prisma checksummed, also after git's line-ending conversion, and nothing else", () => {
    const script = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n';
    expect(checksumMatches(script, sha256(script))).toBe(true);
    expect(checksumMatches(script.replaceAll('\n', '\r\n'), sha256(script))).toBe(true);
    expect(checksumMatches(script, sha256(script.replaceAll('\n', '\r\n')))).toBe(true);
    expect(checksumMatches(`${script}-- edited\n`, sha256(script))).toBe(false);
  });
});

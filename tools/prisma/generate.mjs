// Generates the Prisma client offline: Prisma 7's CLI wants a schema engine path even though `generate` never runs it.
// The CLI is a dependency of libs/db (not a dev dependency): `npm ci --omit=dev` runs this postinstall too, and the
// server cannot start without the client it generates.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
// Resolved from the package that declares it: npm may install it under libs/db/node_modules rather than the root's.
const manifest = createRequire(path.join(root, 'libs/db/package.json')).resolve('prisma/package.json');
const cli = path.join(path.dirname(manifest), 'build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(here, 'no-schema-engine'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);

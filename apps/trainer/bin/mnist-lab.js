#!/usr/bin/env node
// Entry of the `mnist-lab` CLI: the compiled build in dist/ (`npm run build`) when it is there and newer than every
// source it was built from; else the TypeScript sources through tsx, so no build step is needed after `npm ci`.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentBuild } from './compiled-build.js';

const compiled = currentBuild(fileURLToPath(new URL('../dist', import.meta.url)));
if (compiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register: registerHooks } = await import('node:module');
  const { register } = await import('tsx/esm/api');
  register();
  // Workspace packages that ship a build (@mnist-lab/client) name their sources under the "@mnist-lab/source" export
  // condition; node takes extra conditions only from --conditions, so a resolve hook adds it (it runs before tsx's).
  const addSourceCondition = `export function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, '@mnist-lab/source'] });
}`;
  registerHooks(`data:text/javascript,${encodeURIComponent(addSourceCondition)}`);
  await import('../src/main.ts');
}

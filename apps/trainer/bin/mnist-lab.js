#!/usr/bin/env node
// Entry of the `mnist-lab` CLI: runs the TypeScript sources through tsx, so no build step is needed after `npm ci`.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
// Workspace packages that ship a build (@mnist-lab/client) name their sources under the "@mnist-lab/source" export
// condition; node takes extra conditions only from --conditions, so a resolve hook adds it (it runs before tsx's).
const addSourceCondition = `export function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, '@mnist-lab/source'] });
}`;
registerHooks(`data:text/javascript,${encodeURIComponent(addSourceCondition)}`);
await import('../src/main.ts');

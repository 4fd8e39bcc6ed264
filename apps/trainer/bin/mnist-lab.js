#!/usr/bin/env node
// Entry of the `mnist-lab` CLI: runs the TypeScript sources through tsx, so no build step is needed after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');

// Lint for the whole workspace: typescript-eslint, plus Nx's module boundaries (who may import whom, by tag).
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';

// The boundary rule reads Nx's cached project graph and skips itself, with only a warning, when there is none (eslint
// run outside Nx on a fresh clone) or checks against a stale one (a project added since). Computing the graph here
// writes that cache first, so every eslint run checks the imports (1-2 s with the daemon off). A lint task that Nx
// started has a graph Nx computed for this very run (it sets NX_TASK_TARGET_PROJECT), so it skips the second one.
if (!process.env.NX_TASK_TARGET_PROJECT) await createProjectGraphAsync({ exitOnError: false });

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/node_modules', '**/dist', '**/.next', '**/generated', '**/next-env.d.ts', '**/*.py'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // The trainer may import the API's `AppRouter` type (and nothing else: see the rule below).
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            // Libs never import apps or tools; apps import libs; tools (demo, bench) drive the apps and the libs.
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:data', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:model', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:sweep', onlyDependOnLibsWithTags: ['scope:contracts'] },
            // The client is published on its own: it bundles the metrics contract and the MNIST reader (evaluateMnistTest), nothing else.
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:data', 'scope:contracts'] },
            { sourceTag: 'scope:db', onlyDependOnLibsWithTags: ['scope:contracts'] },
            // The server derives a client's test results (accuracy, gallery pixels) from its own copy of the MNIST test set.
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:data', 'scope:db', 'scope:contracts', 'scope:sweep'] },
            // The dashboard's browser tests run user scripts that log through the client.
            { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:api', 'scope:client', 'scope:db', 'scope:contracts'] },
            {
              sourceTag: 'scope:trainer',
              onlyDependOnLibsWithTags: ['scope:data', 'scope:model', 'scope:contracts', 'scope:sweep', 'scope:api', 'scope:client'],
            },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // `const { a: _unused, ...rest } = obj` is how a key is dropped without mutating obj.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The trainer talks to the server over HTTP only: it may import the API's types, never its code.
    files: ['apps/trainer/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@mnist-lab/api', message: 'import only `type AppRouter`', allowTypeImports: true }] },
      ],
    },
  },
  {
    // The dashboard's links go through components/common/app-link.tsx, which turns Next's prefetching off (it says why).
    files: ['apps/dashboard/src/**/*.tsx'],
    ignores: ['apps/dashboard/src/components/common/app-link.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'next/link', message: 'use { Link } from components/common/app-link (no prefetch)', allowTypeImports: true }] },
      ],
    },
  },
];

// The trainer's specs run @mnist-lab/client from its sources, through the same export condition as tsc and the CLI.
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@mnist-lab/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@mnist-lab/source', ...defaultServerConditions] } },
  // They read the MNIST files and start CLI processes: integration-sized timeouts, as libs/api's.
  test: { testTimeout: 30_000 },
});

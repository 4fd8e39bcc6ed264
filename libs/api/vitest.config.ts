// The API's specs run against real PostgreSQL databases (and the sweep queue): give them integration-sized timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

// The dashboard's tests: unit specs beside the code and browser/e2e specs in e2e/, one file at a time, because
// each e2e file starts its own server and may need a fresh `next build` (two builds into one .next would collide).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    fileParallelism: false,
    hookTimeout: 1_200_000,
  },
});

// The client's specs talk HTTP to a local stand-in server through a worker thread and start scripts of their own:
// integration-sized timeouts, so a busy machine slows them rather than fails them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { testTimeout: 30_000 },
});

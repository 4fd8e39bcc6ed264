// Where the `mnist-lab` bin is, for the processes the CLI starts (a sweep's agents). This file sits one folder below
// the package root both as a source (src/) and inside the compiled build (dist/), so one relative path serves both.
import { fileURLToPath } from 'node:url';

export const CLI_BIN = fileURLToPath(new URL('../bin/mnist-lab.js', import.meta.url));

// What the download route handlers share: the process's store, and where their unexpected failures are reported.
import type { DownloadOptions } from '@mnist-lab/api';
import { getServerRuntime } from './runtime';

export const downloadOptions: DownloadOptions = {
  runtime: getServerRuntime,
  onInternalError: (error, what) => console.error(`mnist-lab: internal error while preparing ${what}:`, error),
};

/** The dynamic segment of /api/runs/[id]/...: Next 15+ hands route params over as a promise. */
export interface RunRouteContext {
  params: Promise<{ id: string }>;
}

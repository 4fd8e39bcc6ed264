// What the sweeps procedures return, as the dashboard receives them.
import type { RouterOutputs } from '../../trpc/types';

export type SweepSummary = RouterOutputs['sweeps']['list']['sweeps'][number];
export type SweepDetail = RouterOutputs['sweeps']['get'];
export type SweepTrial = SweepDetail['trials'][number];

/** How often a running sweep is read again: trials take seconds to minutes, so 2 s keeps the page live without load. */
export const SWEEP_POLL_MS = 2_000;

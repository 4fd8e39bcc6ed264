// What the analysis procedures return, as the dashboard receives them.
import type { RouterOutputs } from '../../trpc/types';

export type RunDiff = RouterOutputs['analysis']['diff'];
export type DiffDigit = RunDiff['digits'][number];
export type HardDigits = RouterOutputs['analysis']['hardDigits'];
export type HardDigit = HardDigits['digits'][number];
export type Gap = RouterOutputs['analysis']['gap'];

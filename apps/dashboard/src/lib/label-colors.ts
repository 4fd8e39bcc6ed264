// One color per digit class 0-9 on the embedding map and its legend: the run palette's ten distinct hues.
import { RUN_PALETTE } from './palette';

export const LABEL_COLORS: readonly string[] = RUN_PALETTE;

export const labelColor = (label: number): string => LABEL_COLORS[label] ?? LABEL_COLORS[0];

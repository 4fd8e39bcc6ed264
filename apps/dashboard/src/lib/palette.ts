// One fixed color per run, chosen by the run's position in a comparison, so a run keeps its color in every chart.

/** Tableau-10-like hues darkened for contrast on white; neighbours differ in hue and lightness. */
export const RUN_PALETTE = [
  '#1f6fd1',
  '#e8590c',
  '#2b9348',
  '#d62839',
  '#7048e8',
  '#8d5a3b',
  '#d6336c',
  '#5c677d',
  '#9a8c00',
  '#0c8599',
] as const;

export function runColor(position: number): string {
  const n = RUN_PALETTE.length;
  return RUN_PALETTE[((position % n) + n) % n];
}

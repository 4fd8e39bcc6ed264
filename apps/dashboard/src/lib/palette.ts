// One fixed color per run, chosen by the run's position in a comparison, so a run keeps its color in every chart.

/**
 * Tableau-10-like hues at mid lightness, so each line stands out at 3:1 or more on the light and the dark theme's cards
 * alike (theme-contrast.spec checks); neighbours differ in hue and lightness.
 */
export const RUN_PALETTE = [
  '#1f6fd1',
  '#e8590c',
  '#2b9348',
  '#d62839',
  '#7a52ee',
  '#9a6342',
  '#d6336c',
  '#67738a',
  '#9a8c00',
  '#0c8599',
] as const;

export function runColor(position: number): string {
  const n = RUN_PALETTE.length;
  return RUN_PALETTE[((position % n) + n) % n];
}

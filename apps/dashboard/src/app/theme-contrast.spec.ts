// Every text color of both themes reads at 4.5:1 or more on each background it is drawn on (WCAG AA), and lines and
// marks at 3:1: the token values are read from globals.css itself, so lowering one there fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../lib/contrast';
import { METRIC_STOPS } from '../lib/metric-color';
import { RUN_PALETTE } from '../lib/palette';

const css = readFileSync(new URL('./globals.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

function tokens(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

/** The light tokens are the first :root block; the dark ones override them inside prefers-color-scheme: dark. */
function themes() {
  const light = /^:root\s*\{([^}]*)\}/m.exec(css)?.[1];
  const dark = /@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css)?.[1];
  if (!light || !dark) throw new Error('globals.css should hold a :root block and a :root inside @media (prefers-color-scheme: dark)');
  const base = tokens(light);
  return { light: base, dark: { ...base, ...tokens(dark) } };
}

const PAGE = ['bg', 'surface', 'surface-2'];
/** [foreground, backgrounds]: where each text token is drawn. */
const TEXT: [string, string[]][] = [
  ['text', [...PAGE, 'surface-hover', 'row-hover', 'row-selected', 'highlight-soft', 'code-bg']],
  ['text-2', [...PAGE, 'code-bg']],
  ['muted', [...PAGE, 'code-bg', 'row-hover', 'row-selected', 'highlight-soft']],
  ['faint', [...PAGE, 'surface-hover']],
  ['accent', [...PAGE, 'accent-soft', 'row-hover', 'row-selected']],
  ['on-accent', ['accent', 'accent-hover']],
  ['info', ['surface', 'info-soft']],
  ['info-text', ['accent-soft']],
  ['ok', [...PAGE, 'ok-soft']],
  ['danger', [...PAGE, 'danger-soft']],
  ['danger-text', ['danger-soft']],
  ['warn', ['surface', 'warn-soft']],
  ['stopped', ['stopped-soft']],
  ['highlight-text', ['highlight-soft']],
  ['topbar-text', ['topbar-bg']],
  ['topbar-strong', ['topbar-bg']],
];
/** Lines and marks that carry meaning without text (axes, a brush, the focus ring). */
const MARKS: [string, string[]][] = [
  ['mark', ['surface']],
  ['accent', ['surface']],
  ['seg-finished', ['track']],
  ['seg-running', ['track']],
  ['seg-failed', ['track']],
];

const cases = (pairs: [string, string[]][]) => pairs.flatMap(([fg, bgs]) => bgs.map((bg) => [fg, bg] as const));

describe.each(Object.entries(themes()))('the %s theme', (_, theme) => {
  const ratio = (fg: string, bg: string) => {
    if (!theme[fg] || !theme[bg]) throw new Error(`no --${theme[fg] ? bg : fg} token in globals.css`);
    return contrastRatio(theme[fg], theme[bg]);
  };

  it.each(cases(TEXT))('text --%s on --%s reads at 4.5:1 or more', (fg, bg) => {
    expect(ratio(fg, bg), `--${fg} ${theme[fg]} on --${bg} ${theme[bg]}`).toBeGreaterThanOrEqual(4.5);
  });

  it.each(cases(MARKS))('mark --%s on --%s stands out at 3:1 or more', (fg, bg) => {
    expect(ratio(fg, bg), `--${fg} ${theme[fg]} on --${bg} ${theme[bg]}`).toBeGreaterThanOrEqual(3);
  });

  it("draws every run's color and every metric color at 3:1 or more on a card", () => {
    const hex = ([r, g, b]: readonly number[]) => `rgb(${r} ${g} ${b})`;
    for (const color of [...RUN_PALETTE, ...METRIC_STOPS.map(hex)]) {
      expect(contrastRatio(color, theme.surface), `${color} on --surface ${theme.surface}`).toBeGreaterThanOrEqual(3);
    }
  });
});

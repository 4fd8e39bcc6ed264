// WCAG 2 contrast between two colors: what the theme spec checks every token pair with (4.5:1 for text, 3:1 for marks).

/** [r, g, b] in 0..255 from #rgb, #rrggbb, rgb(r g b) or rgb(r, g, b); undefined for anything else. */
export function parseColor(css: string): [number, number, number] | undefined {
  const s = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(s);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgb\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*\)$/.exec(s);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return undefined;
}

const channel = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** Relative luminance, 0 (black) to 1 (white). */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio of two colors, 1 to 21, whichever is lighter. */
export function contrastRatio(a: string, b: string): number {
  const [ca, cb] = [parseColor(a), parseColor(b)];
  if (!ca || !cb) throw new Error(`contrastRatio needs #hex or rgb() colors, got ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** #rrggbb of hsl(h s% l%), so a computed background can be checked like a token. */
export function hslToHex(h: number, s: number, l: number): string {
  const [sat, light] = [s / 100, l / 100];
  const k = (n: number) => (n + h / 30) % 12;
  const a = sat * Math.min(light, 1 - light);
  const f = (n: number) => light - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return `#${[0, 8, 4].map((n) => Math.round(f(n) * 255).toString(16).padStart(2, '0')).join('')}`;
}

/** Page-ink dark text where it reads at 4.5:1, else white, else black (mid-tone cells need pure black). */
export function textOn(background: string): string {
  for (const text of ['#1b1f24', '#ffffff']) if (contrastRatio(text, background) >= 4.5) return text;
  return '#000000';
}

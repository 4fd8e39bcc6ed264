// The seed script's prediction picture as SVG: sample test digits with true and predicted labels, mistakes in red.
import { encodeGrayPng } from './png';

export interface DigitSample {
  index: number;
  pixels: Uint8Array; // 784 bytes, 0 = background
  trueLabel: number;
  predictedLabel: number;
  confidence: number;
}

const CELL = 96;
const LABEL = 34;

export function digitGridSvg(samples: DigitSample[], columns = 8, title = 'Sample test digits'): string {
  const rows = Math.ceil(samples.length / columns);
  const width = columns * CELL;
  const height = 36 + rows * (CELL + LABEL);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${title}</text>`,
  ];
  samples.forEach((s, k) => {
    const x = (k % columns) * CELL;
    const y = 36 + Math.floor(k / columns) * (CELL + LABEL);
    // Ink on paper reads better than MNIST's white-on-black.
    const ink = new Uint8Array(784);
    for (let i = 0; i < 784; i++) ink[i] = 255 - s.pixels[i];
    const png = encodeGrayPng(ink, 28, 28).toString('base64');
    const wrong = s.trueLabel !== s.predictedLabel;
    const color = wrong ? '#dc2626' : '#15803d';
    parts.push(
      `<image x="${x + 12}" y="${y}" width="72" height="72" image-rendering="pixelated" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`,
      wrong ? `<rect x="${x + 11}" y="${y - 1}" width="74" height="74" fill="none" stroke="${color}" stroke-width="2"/>` : '',
      `<text x="${x + CELL / 2}" y="${y + 88}" text-anchor="middle" font-size="12" fill="${color}">true ${s.trueLabel} · pred ${s.predictedLabel}</text>`,
      `<text x="${x + CELL / 2}" y="${y + 102}" text-anchor="middle" font-size="10" fill="#6b7280">#${s.index} · ${(s.confidence * 100).toFixed(0)}%</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

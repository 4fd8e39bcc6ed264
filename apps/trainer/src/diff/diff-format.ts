// `mnist-lab diff` as a terminal table: both runs, the count of each group of digits, their test indices, the biggest moves.
import type { ServerClient } from '../server-client';

export type RunDiff = Awaited<ReturnType<ServerClient['analysis']['diff']['query']>>;
type Group = keyof RunDiff['groups'];

export const GROUP_TITLES: Record<Group, string> = {
  fixed: 'fixed (wrong in A, right in B)',
  broke: 'newly broken (right in A, wrong in B)',
  stillWrongSame: 'still wrong, same label',
  stillWrongDifferent: 'still wrong, different labels',
};
const GROUPS = Object.keys(GROUP_TITLES) as Group[];

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

/** Comma-separated numbers wrapped to `width` columns, each line indented. */
export function wrapIndices(indices: readonly number[], width = 100, indent = '  '): string[] {
  if (indices.length === 0) return [`${indent}(none)`];
  const lines: string[] = [];
  let line = indent;
  indices.forEach((n, k) => {
    const item = `${n}${k < indices.length - 1 ? ',' : ''}`;
    if (line.length > indent.length && line.length + 1 + item.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${item}` : item;
  });
  lines.push(line);
  return lines;
}

function netLine(d: RunDiff): string {
  const net = d.counts.fixed - d.counts.broke;
  const pts = ((net / d.total) * 100).toFixed(2);
  if (net === 0) return `B and A get the same number of the ${d.total} test digits right.`;
  return net > 0
    ? `B gets ${net} more of the ${d.total} test digits right (+${pts} points).`
    : `B gets ${-net} fewer of the ${d.total} test digits right (${pts} points).`;
}

/** The off-diagonal confusion cells that changed most, e.g. `4→9 −12`. */
export function biggestMoves(d: RunDiff, count = 6): string[] {
  return d.cells
    .filter((c) => c.trueLabel !== c.predictedLabel && c.delta !== 0)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.trueLabel - y.trueLabel || x.predictedLabel - y.predictedLabel)
    .slice(0, count)
    .map((c) => `${c.trueLabel}→${c.predictedLabel} ${c.delta > 0 ? '+' : '−'}${Math.abs(c.delta)}`);
}

export function formatDiff(d: RunDiff, width = 100): string {
  const run = (tag: string, r: RunDiff['a']) => `${tag}  ${r.name}  ${r.id.slice(0, 8)}  test accuracy ${percent(r.accuracy)} (${r.errors} wrong)`;
  const titleWidth = Math.max(...GROUPS.map((g) => GROUP_TITLES[g].length));
  const countWidth = Math.max(6, ...GROUPS.map((g) => String(d.counts[g]).length));
  const lines = [
    run('A', d.a),
    run('B', d.b),
    '',
    `${'group'.padEnd(titleWidth)}  ${'digits'.padStart(countWidth)}`,
    ...GROUPS.map((g) => `${GROUP_TITLES[g].padEnd(titleWidth)}  ${String(d.counts[g]).padStart(countWidth)}`),
    '',
    netLine(d),
  ];
  const moves = biggestMoves(d);
  if (moves.length > 0) lines.push(`biggest confusion changes (B − A, true→predicted): ${moves.join(' · ')}`);
  for (const g of GROUPS) {
    lines.push('', `${GROUP_TITLES[g]}: ${d.counts[g]} test indices`, ...wrapIndices(d.groups[g], width));
  }
  return lines.join('\n');
}

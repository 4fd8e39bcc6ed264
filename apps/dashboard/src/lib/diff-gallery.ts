// Which digits the what-changed gallery shows: one group of the diff, or the digits that moved into or out of one cell.

export const DIFF_TABS = ['fixed', 'broke', 'stillWrong'] as const;
export type DiffTab = (typeof DIFF_TABS)[number];

export const TAB_TITLES: Record<DiffTab, string> = {
  fixed: 'Fixed',
  broke: 'Newly broken',
  stillWrong: 'Still wrong',
};

export interface DiffGroupsView {
  fixed: number[];
  broke: number[];
  stillWrongSame: number[];
  stillWrongDifferent: number[];
}

export interface CellView {
  trueLabel: number;
  predictedLabel: number;
  delta: number;
  into: number[];
  outOf: number[];
}

export function tabIndices(groups: DiffGroupsView, tab: DiffTab): number[] {
  if (tab === 'stillWrong') return [...groups.stillWrongSame, ...groups.stillWrongDifferent].sort((x, y) => x - y);
  return groups[tab];
}

export function tabCount(groups: DiffGroupsView, tab: DiffTab): number {
  return tab === 'stillWrong' ? groups.stillWrongSame.length + groups.stillWrongDifferent.length : groups[tab].length;
}

export function findCell(cells: readonly CellView[], trueLabel: number, predictedLabel: number): CellView | undefined {
  return cells.find((c) => c.trueLabel === trueLabel && c.predictedLabel === predictedLabel);
}

/** Digits in `indices` order looked up by test index; missing ones (never expected) are dropped rather than drawn blank. */
export function pick<T extends { index: number }>(byIndex: ReadonlyMap<number, T>, indices: readonly number[]): T[] {
  return indices.flatMap((i) => {
    const d = byIndex.get(i);
    return d ? [d] : [];
  });
}

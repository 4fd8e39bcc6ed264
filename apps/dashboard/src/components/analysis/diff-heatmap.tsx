// The confusion matrix of B minus A's: each cell's change in count; a click shows the digits that moved into or out of it.
import { deltaMaxima, deltaStyle, signed } from '../../lib/diff-scale';
import { ClassMatrix, LegendKey } from '../common/class-matrix';
import type { RunDiff } from './types';

interface Props {
  diff: RunDiff;
  selected: { trueLabel: number; predictedLabel: number } | null;
  onSelect: (trueLabel: number, predictedLabel: number) => void;
}

export function DiffHeatmap({ diff, selected, onSelect }: Props) {
  const max = deltaMaxima(diff.confusionDelta);
  const moved = new Map(diff.cells.map((c) => [c.trueLabel * 10 + c.predictedLabel, c]));
  return (
    <ClassMatrix
      testId="diff-heatmap"
      cellTestId="diff-cell"
      onSelect={onSelect}
      cell={(t, p) => {
        const delta = diff.confusionDelta[t]?.[p] ?? 0;
        const diagonal = t === p;
        const cell = moved.get(t * 10 + p);
        const isSelected = selected?.trueLabel === t && selected.predictedLabel === p;
        const what = diagonal ? `${t}s classified correctly` : `${t}s predicted as ${p}`;
        return {
          text: delta === 0 ? (cell ? '±0' : '') : signed(delta),
          style: deltaStyle(delta, diagonal ? max.diagonal : max.offDiagonal, diagonal),
          title: cell ? `${what}: ${signed(delta)} (${cell.into.length} moved in, ${cell.outOf.length} moved out) — click to show them` : `${what}: no change`,
          disabled: !cell,
          selected: isSelected,
          pressed: isSelected,
          data: { 'data-into': cell?.into.length ?? 0, 'data-out': cell?.outOf.length ?? 0 },
        };
      }}
      legend={
        <>
          <LegendKey style={deltaStyle(-1, 1, false)} /> better in B
          <LegendKey style={deltaStyle(1, 1, false)} /> worse in B · cells show B − A; a cell can hold ±0 with digits moving both ways
        </>
      }
    />
  );
}

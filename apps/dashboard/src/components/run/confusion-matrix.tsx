// The 10x10 confusion matrix as a heatmap: rows true digit, columns predicted; clicking an error cell filters the gallery.
import { memo } from 'react';
import { cellStyle, matrixMaxima } from '../../lib/heatmap-scale';
import { formatInteger, formatPercent } from '../../lib/format';
import { ClassMatrix, LegendKey } from '../common/class-matrix';

interface Props {
  matrix: readonly (readonly number[])[];
  selected: { trueLabel?: number; predictedLabel?: number };
  onSelect: (trueLabel: number, predictedLabel: number) => void;
}

// Memoized: the epoch slider re-renders the page around it, and a matrix it already drew need not be drawn again.
export const ConfusionMatrix = memo(function ConfusionMatrix({ matrix, selected, onSelect }: Props) {
  const max = matrixMaxima(matrix);
  const rowTotals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  return (
    <ClassMatrix
      testId="confusion-matrix"
      cellTestId="cm-cell"
      onSelect={onSelect}
      cell={(t, p) => {
        const count = matrix[t]?.[p] ?? 0;
        const diagonal = t === p;
        const isSelected = selected.trueLabel === t && selected.predictedLabel === p;
        return {
          text: count,
          style: cellStyle(count, diagonal ? max.diagonal : max.offDiagonal, diagonal),
          title: diagonal
            ? `${formatInteger(count)} ${t}s classified correctly`
            : `${formatInteger(count)} ${t}s predicted as ${p}${count > 0 ? ' — click to show them' : ''}`,
          disabled: diagonal || count === 0,
          selected: isSelected,
          pressed: diagonal ? undefined : isSelected,
        };
      }}
      extra={{
        header: 'acc',
        title: 'Per-class accuracy (recall): correct / all of that digit',
        cell: (t) => (rowTotals[t] > 0 ? formatPercent((matrix[t]?.[t] ?? 0) / rowTotals[t], 1) : '—'),
      }}
      legend={
        <>
          <LegendKey style={cellStyle(1, 1, true)} /> correct
          <LegendKey style={cellStyle(1, 1, false)} /> errors · color on a log scale, each kind scaled to its own maximum
        </>
      }
    />
  );
});

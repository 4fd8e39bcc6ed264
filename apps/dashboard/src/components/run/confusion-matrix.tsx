// The 10x10 confusion matrix as a heatmap: rows true digit, columns predicted; clicking an error cell filters the gallery.
import { cellStyle, matrixMaxima } from '../../lib/heatmap-scale';
import { formatInteger, formatPercent } from '../../lib/format';

interface Props {
  matrix: readonly (readonly number[])[];
  selected: { trueLabel?: number; predictedLabel?: number };
  onSelect: (trueLabel: number, predictedLabel: number) => void;
}

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export function ConfusionMatrix({ matrix, selected, onSelect }: Props) {
  const max = matrixMaxima(matrix);
  const rowTotals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  return (
    <div className="cm" data-testid="confusion-matrix">
      <div className="cm-axis-top">predicted</div>
      <div className="cm-axis-left">true</div>
      <table className="cm-table">
        <thead>
          <tr>
            <th aria-hidden />
            {DIGITS.map((p) => (
              <th key={p} scope="col">
                {p}
              </th>
            ))}
            <th scope="col" className="cm-recall" title="Per-class accuracy (recall): correct / all of that digit">
              acc
            </th>
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, t) => (
            <tr key={t}>
              <th scope="row">{t}</th>
              {row.map((count, p) => {
                const diagonal = t === p;
                const style = cellStyle(count, diagonal ? max.diagonal : max.offDiagonal, diagonal);
                const isSelected = selected.trueLabel === t && selected.predictedLabel === p;
                const title = diagonal
                  ? `${formatInteger(count)} ${t}s classified correctly`
                  : `${formatInteger(count)} ${t}s predicted as ${p}${count > 0 ? ' — click to show them' : ''}`;
                return (
                  <td key={p} className={diagonal ? 'cm-diag' : undefined}>
                    <button
                      type="button"
                      className={isSelected ? 'cm-cell is-selected' : 'cm-cell'}
                      style={style}
                      data-testid={`cm-cell-${t}-${p}`}
                      title={title}
                      aria-pressed={diagonal ? undefined : isSelected}
                      disabled={diagonal || count === 0}
                      onClick={() => onSelect(t, p)}
                    >
                      {count}
                    </button>
                  </td>
                );
              })}
              <td className="cm-recall num">{rowTotals[t] > 0 ? formatPercent(row[t] / rowTotals[t], 1) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="cm-legend">
        <span className="cm-key" style={cellStyle(1, 1, true)} /> correct
        <span className="cm-key" style={cellStyle(1, 1, false)} /> errors · color on a log scale, each kind scaled to its own maximum
      </p>
    </div>
  );
}

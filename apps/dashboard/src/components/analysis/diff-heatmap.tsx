// The confusion matrix of B minus A's: each cell's change in count; a click shows the digits that moved into or out of it.
import { deltaMaxima, deltaStyle, signed } from '../../lib/diff-scale';
import type { RunDiff } from './types';

interface Props {
  diff: RunDiff;
  selected: { trueLabel: number; predictedLabel: number } | null;
  onSelect: (trueLabel: number, predictedLabel: number) => void;
}

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export function DiffHeatmap({ diff, selected, onSelect }: Props) {
  const max = deltaMaxima(diff.confusionDelta);
  const moved = new Map(diff.cells.map((c) => [c.trueLabel * 10 + c.predictedLabel, c]));
  return (
    <div className="cm" data-testid="diff-heatmap">
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
          </tr>
        </thead>
        <tbody>
          {diff.confusionDelta.map((row, t) => (
            <tr key={t}>
              <th scope="row">{t}</th>
              {row.map((delta, p) => {
                const diagonal = t === p;
                const cell = moved.get(t * 10 + p);
                const isSelected = selected?.trueLabel === t && selected.predictedLabel === p;
                const what = diagonal ? `${t}s classified correctly` : `${t}s predicted as ${p}`;
                const title = cell
                  ? `${what}: ${signed(delta)} (${cell.into.length} moved in, ${cell.outOf.length} moved out) — click to show them`
                  : `${what}: no change`;
                return (
                  <td key={p} className={diagonal ? 'cm-diag' : undefined}>
                    <button
                      type="button"
                      className={isSelected ? 'cm-cell is-selected' : 'cm-cell'}
                      style={deltaStyle(delta, diagonal ? max.diagonal : max.offDiagonal, diagonal)}
                      data-testid={`diff-cell-${t}-${p}`}
                      data-into={cell?.into.length ?? 0}
                      data-out={cell?.outOf.length ?? 0}
                      title={title}
                      aria-pressed={isSelected}
                      disabled={!cell}
                      onClick={() => onSelect(t, p)}
                    >
                      {delta === 0 ? (cell ? '±0' : '') : signed(delta)}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="cm-legend">
        <span className="cm-key" style={deltaStyle(-1, 1, false)} /> better in B
        <span className="cm-key" style={deltaStyle(1, 1, false)} /> worse in B · cells show B − A; a cell can hold ±0 with digits moving both ways
      </p>
    </div>
  );
}

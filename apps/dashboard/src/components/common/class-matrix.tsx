// The 10x10 grid of true digit (rows) against predicted digit (columns), each cell a button: the run page's confusion
// matrix and the compare page's difference of two are this grid with their own cell contents and colors.
import type { ReactNode } from 'react';
import type { CellStyle } from '../../lib/heatmap-scale';
import styles from './class-matrix.module.css';

export interface MatrixCell {
  text: ReactNode;
  style: CellStyle;
  title: string;
  disabled: boolean;
  selected: boolean;
  /** aria-pressed: undefined for a cell that is not a toggle (the confusion matrix's diagonal). */
  pressed?: boolean;
  /** Extra data-* attributes a test or a tool reads. */
  data?: Record<`data-${string}`, string | number>;
}

interface Props {
  /** The grid's data-testid; each cell's is `<cellTestId>-<true>-<predicted>`. */
  testId: string;
  cellTestId: string;
  cell: (trueLabel: number, predictedLabel: number) => MatrixCell;
  onSelect: (trueLabel: number, predictedLabel: number) => void;
  /** A column after the ten (the confusion matrix's per-class accuracy). */
  extra?: { header: string; title: string; cell: (trueLabel: number) => ReactNode };
  /** What the colors mean: swatches from `LegendKey` and words. */
  legend: ReactNode;
}

export const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

export function LegendKey({ style }: { style: CellStyle }) {
  return <span className={styles.key} style={style} />;
}

export function ClassMatrix({ testId, cellTestId, cell, onSelect, extra, legend }: Props) {
  return (
    <div className={styles.matrix} data-testid={testId}>
      <div className={styles.axisTop}>predicted</div>
      <div className={styles.axisLeft}>true</div>
      <table className={styles.table}>
        <thead>
          <tr>
            <th aria-hidden />
            {DIGITS.map((p) => (
              <th key={p} scope="col">
                {p}
              </th>
            ))}
            {extra && (
              <th scope="col" className={styles.extra} title={extra.title}>
                {extra.header}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {DIGITS.map((t) => (
            <tr key={t}>
              <th scope="row">{t}</th>
              {DIGITS.map((p) => {
                const c = cell(t, p);
                return (
                  <td key={p} className={t === p ? styles.diagonal : undefined}>
                    <button
                      type="button"
                      className={c.selected ? `${styles.cell} ${styles.selected}` : styles.cell}
                      style={c.style}
                      data-testid={`${cellTestId}-${t}-${p}`}
                      {...c.data}
                      title={c.title}
                      aria-pressed={c.pressed}
                      disabled={c.disabled}
                      onClick={() => onSelect(t, p)}
                    >
                      {c.text}
                    </button>
                  </td>
                );
              })}
              {extra && <td className={`num ${styles.extra}`}>{extra.cell(t)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.legend}>{legend}</p>
    </div>
  );
}

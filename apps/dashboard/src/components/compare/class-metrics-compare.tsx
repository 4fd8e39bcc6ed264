'use client';
// The compared runs digit by digit: precision, recall or F1 of each class side by side, the best of each row in bold.
import { useState } from 'react';
import { classReport, type ClassReport } from '../../lib/class-metrics';
import { formatPercent } from '../../lib/format';

export interface ClassCompareRun {
  id: string;
  name: string;
  color: string;
  confusionMatrix: number[][] | null;
}

const METRICS = [
  { value: 'f1', label: 'F1' },
  { value: 'precision', label: 'Precision' },
  { value: 'recall', label: 'Recall' },
] as const;
type Metric = (typeof METRICS)[number]['value'];
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export function ClassMetricsCompare({ runs }: { runs: readonly ClassCompareRun[] }) {
  const [metric, setMetric] = useState<Metric>('f1');
  const scored = runs.flatMap((r) => (r.confusionMatrix ? [{ ...r, report: classReport(r.confusionMatrix) }] : []));
  if (scored.length === 0) return null;
  const value = (report: ClassReport, d: number) => report.classes[d]?.[metric] ?? null;
  const cell = (values: (number | null)[], v: number | null) => {
    const defined = values.filter((x): x is number => x !== null);
    return v !== null && defined.length > 1 && v === Math.max(...defined) ? 'numeric best' : 'numeric';
  };
  const macro = scored.map((r) => r.report.macro[metric]);
  return (
    <section className="card section" data-testid="class-compare">
      <header className="card-header">
        <h2>Per digit</h2>
        <span className="count">test set</span>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Per-digit metric">
          {METRICS.map((m) => (
            <button key={m.value} type="button" aria-pressed={metric === m.value} onClick={() => setMetric(m.value)}>
              {m.label}
            </button>
          ))}
        </div>
      </header>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Digit</th>
              {scored.map((r) => (
                <th key={r.id} className="numeric" title={r.name}>
                  <span className="run-dot" style={{ background: r.color }} /> {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DIGITS.map((d) => {
              const values = scored.map((r) => value(r.report, d));
              return (
                <tr key={d} data-testid="class-compare-row" data-digit={d}>
                  <th scope="row">{d}</th>
                  {scored.map((r, i) => (
                    <td key={r.id} className={cell(values, values[i])} data-run-id={r.id} data-value={values[i] ?? ''}>
                      {formatPercent(values[i], 1)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" title="Unweighted mean over the digits">
                Macro
              </th>
              {scored.map((r, i) => (
                <td key={r.id} className={cell(macro, macro[i])}>
                  {formatPercent(macro[i], 1)}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

// Precision, recall and F1 of each digit with its support, from the confusion matrix shown beside it.
import { memo } from 'react';
import { classReport } from '../../lib/class-metrics';
import { formatInteger, formatPercent } from '../../lib/format';
import styles from './digit-metrics.module.css';

const UNDEFINED_NOTE = {
  precision: 'never predicted: precision is undefined',
  recall: 'no digits of this class: recall is undefined',
  f1: 'undefined: precision or recall is',
};

function Value({ metric, value }: { metric: keyof typeof UNDEFINED_NOTE; value: number | null }) {
  return (
    <td className="numeric" data-metric={metric} data-value={value ?? ''} title={value === null ? UNDEFINED_NOTE[metric] : undefined}>
      {formatPercent(value, 1)}
    </td>
  );
}

export const ClassMetricsTable = memo(function ClassMetricsTable({ matrix, setLabel }: { matrix: readonly (readonly number[])[]; setLabel: string }) {
  const report = classReport(matrix);
  const f1s = report.classes.flatMap((c) => (c.f1 === null ? [] : [c.f1]));
  // The weakest digit stands out, unless every digit scores the same.
  const worst = f1s.length > 0 && Math.min(...f1s) < Math.max(...f1s) ? Math.min(...f1s) : null;
  return (
    <section className="card" data-testid="class-metrics">
      <header className="card-header">
        <h2>Per digit</h2>
        <span className="count">{setLabel}</span>
      </header>
      <div className="table-wrap">
        <table className={`table ${styles.classTable}`}>
          <thead>
            <tr>
              <th>Digit</th>
              <th className="numeric" title="Digits of this class in the set">
                Support
              </th>
              <th className="numeric" title="How often the model answered this class">
                Predicted
              </th>
              <th className="numeric" title="Of the digits predicted as this class, the share that are">
                Precision
              </th>
              <th className="numeric" title="Of the digits of this class, the share predicted as it">
                Recall
              </th>
              <th className="numeric">F1</th>
              <th aria-hidden="true" />
            </tr>
          </thead>
          <tbody>
            {report.classes.map((c) => (
              <tr key={c.digit} data-testid="class-row" data-digit={c.digit} data-worst={(worst !== null && c.f1 === worst) || undefined}>
                <th scope="row" className={styles.digitCell}>
                  {c.digit}
                </th>
                <td className="numeric">{formatInteger(c.support)}</td>
                <td className="numeric">{formatInteger(c.predicted)}</td>
                <Value metric="precision" value={c.precision} />
                <Value metric="recall" value={c.recall} />
                <Value metric="f1" value={c.f1} />
                <td className={styles.barCell}>
                  <span className={styles.track}>
                    <span className={worst !== null && c.f1 === worst ? `${styles.fill} ${styles.worst}` : styles.fill} style={{ width: `${(c.f1 ?? 0) * 100}%` }} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="class-macro">
              <th scope="row" title="Unweighted mean over the digits where each is defined">
                Macro
              </th>
              <td className="numeric">{formatInteger(report.total)}</td>
              <td />
              <Value metric="precision" value={report.macro.precision} />
              <Value metric="recall" value={report.macro.recall} />
              <Value metric="f1" value={report.macro.f1} />
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
});

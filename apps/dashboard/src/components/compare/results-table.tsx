// The compared runs' outcomes in one table: best validation, test results, errors and time, best value in bold.
import { Link } from '../common/app-link';
import { formatDuration, formatInteger, formatNumber, formatPercent } from '../../lib/format';
import { StatusBadge } from '../common/status-badge';

export interface ResultRun {
  id: string;
  name: string;
  color: string;
  status: string;
  lastEpoch: number;
  bestValAccuracy: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
  misclassifiedCount: number | null;
  durationMs: number | null;
}

type NumericKey = 'bestValAccuracy' | 'testAccuracy' | 'testLoss' | 'misclassifiedCount';

function best(runs: readonly ResultRun[], key: NumericKey, higherIsBetter: boolean): number | null {
  const values = runs.map((r) => r[key]).filter((v): v is number => v != null);
  if (values.length < 2) return null;
  return higherIsBetter ? Math.max(...values) : Math.min(...values);
}

export function ResultsTable({ runs }: { runs: readonly ResultRun[] }) {
  const top = {
    bestValAccuracy: best(runs, 'bestValAccuracy', true),
    testAccuracy: best(runs, 'testAccuracy', true),
    testLoss: best(runs, 'testLoss', false),
    misclassifiedCount: best(runs, 'misclassifiedCount', false),
  };
  const mark = (key: NumericKey, v: number | null) => (v != null && v === top[key] ? 'numeric best' : 'numeric');
  return (
    <section className="card" data-testid="results-table">
      <header className="card-header">
        <h2>Results</h2>
      </header>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th className="numeric">Epochs</th>
              <th className="numeric">Best val acc</th>
              <th className="numeric">Test acc</th>
              <th className="numeric">Test loss</th>
              <th className="numeric">Errors</th>
              <th className="numeric">Duration</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <span className="run-dot" style={{ background: r.color }} />{' '}
                  <Link href={`/runs/${r.id}`} className="run-name" title={r.name}>
                    {r.name}
                  </Link>
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td className="numeric">{r.lastEpoch}</td>
                <td className={mark('bestValAccuracy', r.bestValAccuracy)}>{formatPercent(r.bestValAccuracy)}</td>
                <td className={mark('testAccuracy', r.testAccuracy)}>{formatPercent(r.testAccuracy)}</td>
                <td className={mark('testLoss', r.testLoss)}>{formatNumber(r.testLoss)}</td>
                <td className={mark('misclassifiedCount', r.misclassifiedCount)}>{formatInteger(r.misclassifiedCount)}</td>
                <td className="numeric">{formatDuration(r.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

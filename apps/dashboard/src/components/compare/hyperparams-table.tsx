'use client';
// Hyperparameters side by side, one column per run, rows whose values differ highlighted (optionally the only rows shown).
import { useState } from 'react';
import { hyperparamRows } from '../../lib/hyperparam-diff';

interface Props {
  runs: readonly { id: string; name: string; color: string; hyperparams: Record<string, unknown>; backend: string }[];
}

export function HyperparamsTable({ runs }: Props) {
  const [onlyDiff, setOnlyDiff] = useState(false);
  const rows = hyperparamRows(runs.map((r) => ({ hyperparams: { ...r.hyperparams, backend: r.backend } })));
  const differing = rows.filter((r) => r.differs).length;
  const shown = onlyDiff ? rows.filter((r) => r.differs) : rows;
  return (
    <section className="card" data-testid="hyperparams-table">
      <header className="card-header">
        <h2>Hyperparameters</h2>
        <span className="muted">
          {differing} of {rows.length} differ
        </span>
        <span className="spacer" />
        <label className="control">
          <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} />
          Only differences
        </label>
      </header>
      <div className="table-wrap">
        <table className="table hp-table">
          <thead>
            <tr>
              <th>Setting</th>
              {runs.map((r) => (
                <th key={r.id} title={r.name}>
                  <span className="run-dot" style={{ background: r.color }} /> {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key} className={row.differs ? 'differs' : undefined} data-differs={row.differs}>
                <td className="hp-key">{row.key}</td>
                {row.values.map((v, i) => (
                  <td key={runs[i].id} className="num">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

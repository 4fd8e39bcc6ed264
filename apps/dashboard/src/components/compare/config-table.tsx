'use client';
// The compared runs' configs side by side, one column per run: every dotted path any of them has, differing rows highlighted.
import type { RunConfig } from '@mnist-lab/contracts';
import { useState } from 'react';
import { configRows, fieldRow } from '../../lib/config-diff';
import { formatInteger } from '../../lib/format';
import styles from './compare.module.css';

export interface ConfigRun {
  id: string;
  name: string;
  color: string;
  config: RunConfig;
  backend: string;
  family: string | null;
  paramCount: number | null;
}

export function ConfigTable({ runs }: { runs: readonly ConfigRun[] }) {
  const [onlyDiff, setOnlyDiff] = useState(false);
  // Run fields first, named with spaces so they can never be mistaken for a config path (paths have none).
  const rows = [
    fieldRow('backend', runs.map((r) => r.backend)),
    ...(runs.some((r) => r.family) ? [fieldRow('model family', runs.map((r) => r.family ?? ''))] : []),
    ...(runs.some((r) => r.paramCount != null) ? [fieldRow('parameters', runs.map((r) => (r.paramCount == null ? '' : formatInteger(r.paramCount))))] : []),
    ...configRows(runs),
  ];
  const differing = rows.filter((r) => r.differs).length;
  const shown = onlyDiff ? rows.filter((r) => r.differs) : rows;
  return (
    <section className="card" data-testid="hyperparams-table">
      <header className="card-header">
        <h2>Config</h2>
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
        <table className={`table ${styles.hpTable}`}>
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
              <tr key={row.key} className={row.differs ? styles.differs : undefined} data-differs={row.differs}>
                <th scope="row">{row.key}</th>
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

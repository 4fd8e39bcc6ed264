// A run's configuration as a compact key/value grid, in the schema's order.
import { hyperparamRows } from '../../lib/hyperparam-diff';

export function HyperparamsList({ hyperparams }: { hyperparams: Record<string, unknown> }) {
  const rows = hyperparamRows([{ hyperparams }]);
  return (
    <section className="card">
      <header className="card-header">
        <h2>Config</h2>
      </header>
      <dl className="kv-grid">
        {rows.map((r) => (
          <div key={r.key}>
            <dt>{r.key}</dt>
            <dd className="num">{r.values[0]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

// The search space as the config gave it: each hyperparameter with its distribution and range, or its list of values.
import type { SweepConfig } from '@mnist-lab/contracts';
import { spaceRows } from '../../lib/sweep-space';
import styles from './sweeps.module.css';

export function SweepSpaceTable({ config }: { config: SweepConfig | undefined }) {
  return (
    <section className="card">
      <header className="card-header">
        <h2>Search space</h2>
      </header>
      {config ? (
        <table className={`table ${styles.space}`} data-testid="sweep-space">
          <tbody>
            {spaceRows(config).map((r) => (
              <tr key={r.key} className={r.kind === 'fixed' ? styles.fixed : undefined}>
                <td>{r.key}</td>
                <td className={`muted ${styles.kind}`}>{r.kind}</td>
                <td className={`num ${styles.values}`}>
                  {r.text}
                  {r.when && <span className="muted"> · {r.when}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="card-body muted">This sweep&apos;s stored config no longer reads as a sweep config; its trials below still show what was tried.</p>
      )}
    </section>
  );
}

// The compared runs, each in its color: show or hide a run in every chart, open it, or drop it from the comparison.
import { Link } from '../common/app-link';
import { StatusBadge } from '../common/status-badge';
import styles from './compare.module.css';

export interface LegendRun {
  id: string;
  key: string;
  name: string;
  status: string;
  color: string;
}

interface Props {
  runs: readonly LegendRun[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
  onRemove: (id: string) => void;
}

export function RunLegend({ runs, hidden, onToggle, onRemove }: Props) {
  return (
    <ul className={styles.legend} aria-label="Compared runs">
      {runs.map((r) => (
        <li key={r.id} className={hidden.has(r.key) ? styles.hidden : undefined}>
          <button
            type="button"
            className={styles.toggle}
            aria-pressed={!hidden.has(r.key)}
            title={hidden.has(r.key) ? 'Show in charts' : 'Hide from charts'}
            onClick={() => onToggle(r.key)}
          >
            <span className="run-dot" style={{ background: r.color }} />
          </button>
          <Link href={`/runs/${r.id}`} className={styles.name} title={r.name}>
            {r.name}
          </Link>
          <StatusBadge status={r.status} />
          <button type="button" className="chip-remove" aria-label={`Remove ${r.name} from the comparison`} onClick={() => onRemove(r.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

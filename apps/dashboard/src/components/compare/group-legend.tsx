// The compared groups, each in its color with its runs: show or hide a group in every chart, open any of its runs.
import { Link } from '../common/app-link';
import styles from './compare.module.css';

export interface LegendGroup {
  key: string;
  label: string;
  color: string;
  runs: readonly { id: string; name: string }[];
}

export function GroupLegend({ groups, hidden, onToggle }: { groups: readonly LegendGroup[]; hidden: ReadonlySet<string>; onToggle: (key: string) => void }) {
  return (
    <ul className={styles.legend} aria-label="Compared groups">
      {groups.map((g) => (
        <li key={g.key} className={hidden.has(g.key) ? styles.hidden : undefined} data-testid="group-legend-item" data-color={g.color}>
          <button
            type="button"
            className={styles.toggle}
            aria-pressed={!hidden.has(g.key)}
            title={hidden.has(g.key) ? 'Show in charts' : 'Hide from charts'}
            onClick={() => onToggle(g.key)}
          >
            <span className="run-dot" style={{ background: g.color }} />
          </button>
          <span className={styles.name} title={g.runs.map((r) => r.name).join(', ')}>
            {g.label}
          </span>
          <span className="muted num">n={g.runs.length}</span>
          <span className={styles.groupRuns}>
            {g.runs.map((r) => (
              <Link key={r.id} href={`/runs/${r.id}`} title={r.name}>
                {r.name}
              </Link>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}

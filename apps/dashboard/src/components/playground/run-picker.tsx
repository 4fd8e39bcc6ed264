// Which finished runs' models answer: the latest finished runs as toggles, each chosen one in its playground color.
import type { RunRow } from '../../trpc/types';
import { formatPercent } from '../../lib/format';
import { MAX_PLAYGROUND_RUNS } from '../../lib/playground-state';
import styles from './playground.module.css';

interface Props {
  runs: readonly RunRow[];
  chosen: readonly string[];
  colorOf: (id: string) => string;
  onToggle: (id: string) => void;
}

export function RunPicker({ runs, chosen, colorOf, onToggle }: Props) {
  return (
    <div className={styles.picker} role="group" aria-label="Models to try">
      <span className={styles.pickerLabel}>
        Models <span className="muted">(up to {MAX_PLAYGROUND_RUNS}, latest finished runs)</span>
      </span>
      {runs.map((r) => {
        const on = chosen.includes(r.id);
        return (
          <button
            key={r.id}
            type="button"
            className="chip"
            aria-pressed={on}
            data-testid="run-choice"
            title={on ? 'Remove this model' : 'Add this model'}
            onClick={() => onToggle(r.id)}
          >
            {on && <span className="run-dot" style={{ background: colorOf(r.id) }} aria-hidden />}
            {r.name}
            {r.testAccuracy != null && <span className="muted num">{formatPercent(r.testAccuracy, 1)}</span>}
          </button>
        );
      })}
    </div>
  );
}

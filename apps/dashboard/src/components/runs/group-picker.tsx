'use client';
// "Group by", as in W&B: none, everything but the seed (first when runs repeat a configuration), or any config keys.
import { useEffect, useRef, useState } from 'react';
import { NO_GROUPING, type GroupBy } from '../../lib/run-groups';
import { useEscape } from '../common/use-escape';
import styles from './runs.module.css';

interface Props {
  groupBy: GroupBy;
  onChange: (next: GroupBy) => void;
  /** Config paths the runs hold; the seed is left out, as grouping by it makes a group of each run. */
  keys: readonly string[];
  /** Some runs differ only in the seed: "everything but the seed" is then offered first, as the likely grouping. */
  seedRepeats: boolean;
}

export function groupByLabel(groupBy: GroupBy): string {
  if (groupBy.kind === 'none') return 'Group';
  return groupBy.kind === 'config' ? 'Grouped: all but seed' : `Grouped: ${groupBy.keys.join(', ')}`;
}

export function GroupPicker({ groupBy, onChange, keys, seedRepeats }: Props) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  useEscape(open, () => {
    if (!ref.current) return;
    ref.current.open = false;
    ref.current.querySelector('summary')?.focus();
  });
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);

  const chosen = groupBy.kind === 'keys' ? groupBy.keys : [];
  const toggleKey = (key: string, on: boolean) => {
    const next = on ? [...chosen, key] : chosen.filter((k) => k !== key);
    onChange(next.length > 0 ? { kind: 'keys', keys: next } : NO_GROUPING);
  };
  const allButSeed = (
    <label className="check-row" key="all-but-seed">
      <input
        type="radio"
        name="group-kind"
        data-testid="group-all-but-seed"
        checked={groupBy.kind === 'config'}
        onChange={() => onChange({ kind: 'config' })}
      />
      Everything but the seed
      {seedRepeats && <span className="muted"> · runs repeat a config with other seeds</span>}
    </label>
  );
  const paths = [...new Set([...keys.filter((k) => k !== 'seed'), ...chosen])].sort();

  return (
    <details className="popover" ref={ref} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className={groupBy.kind === 'none' ? 'btn' : `btn ${styles.grouped}`} data-testid="group-picker">
        {groupByLabel(groupBy)}
      </summary>
      <div className="popover-panel" role="group" aria-label="Group runs by">
        {seedRepeats && allButSeed}
        <label className="check-row">
          <input type="radio" name="group-kind" data-testid="group-none" checked={groupBy.kind === 'none'} onChange={() => onChange(NO_GROUPING)} />
          No grouping
        </label>
        {!seedRepeats && allButSeed}
        <div className={styles.pickerHeading}>Config keys</div>
        {paths.length === 0 ? (
          <p className={`muted ${styles.pickerNote}`}>No run has a config yet.</p>
        ) : (
          <div role="group" aria-label="Group by config keys">
            {paths.map((path) => (
              <label key={path} className="check-row" data-group-key={path}>
                <input type="checkbox" checked={chosen.includes(path)} onChange={(e) => toggleKey(path, e.target.checked)} />
                <span className={styles.pickerPath}>{path}</span>
              </label>
            ))}
          </div>
        )}
      </div>
    </details>
  );
}

'use client';
// Chooses which columns the runs table shows, fixed ones and any config key; the choice goes into the URL with the rest of the view.
import type { ConfigKeyInfo } from '@mnist-lab/contracts';
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_COLUMNS, RUN_COLUMNS, configColumnId, configPathOf } from '../../lib/run-columns';
import { toggleColumn } from '../../lib/runs-table-state';
import { useEscape } from '../common/use-escape';
import styles from './runs.module.css';

interface Props {
  columns: readonly string[];
  onChange: (next: string[]) => void;
  /** Config keys present in the runs (runs.configKeys); undefined while they load. */
  configKeys: readonly ConfigKeyInfo[] | undefined;
}

/** Past this many keys the list gets a search box: nested experiment configs hold hundreds. */
const SEARCH_FROM = 12;

export function ColumnPicker({ columns, onChange, configKeys }: Props) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  // Escape closes the panel and gives the focus back to its button, as a menu does.
  useEscape(open, () => {
    if (!ref.current) return;
    ref.current.open = false;
    ref.current.querySelector('summary')?.focus();
  });

  // <details> does not close on an outside click by itself.
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);

  const toggle = (id: string, on: boolean) => onChange(toggleColumn(columns, id, on));
  // A config column from a link stays listed (and can be unticked) even when no listed run has its key any more.
  const known = new Map((configKeys ?? []).map((k) => [k.path, k.runs]));
  for (const id of columns) {
    const path = configPathOf(id);
    if (path !== undefined && !known.has(path)) known.set(path, 0);
  }
  const needle = query.trim().toLowerCase();
  const paths = [...known.keys()].filter((p) => !needle || p.toLowerCase().includes(needle)).sort();

  return (
    <details className="popover" ref={ref} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="btn" data-testid="column-picker">
        Columns ({columns.length})
      </summary>
      <div className="popover-panel" role="group" aria-label="Visible columns">
        {RUN_COLUMNS.map((c) => (
          <label key={c.id} className="check-row">
            <input type="checkbox" checked={columns.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
            {c.label}
            {'title' in c && <span className="muted"> · {c.title}</span>}
          </label>
        ))}
        <div className={styles.pickerHeading}>Config keys</div>
        {known.size >= SEARCH_FROM && (
          <div className={styles.pickerSearch}>
            <input
              type="search"
              className="input"
              placeholder="Find a key"
              aria-label="Find a config key"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
        )}
        {configKeys === undefined && known.size === 0 ? (
          <p className={`muted ${styles.pickerNote}`}>Loading config keys…</p>
        ) : known.size === 0 ? (
          <p className={`muted ${styles.pickerNote}`}>No run has a config yet.</p>
        ) : (
          <div role="group" aria-label="Config columns">
            {paths.map((path) => {
              const id = configColumnId(path);
              const runs = known.get(path) ?? 0;
              return (
                <label key={path} className="check-row" data-config-path={path}>
                  <input type="checkbox" checked={columns.includes(id)} onChange={(e) => toggle(id, e.target.checked)} />
                  <span className={styles.pickerPath}>{path}</span>
                  <span className="muted"> · {runs === 1 ? '1 run' : `${runs} runs`}</span>
                </label>
              );
            })}
            {paths.length === 0 && <p className={`muted ${styles.pickerNote}`}>No key matches.</p>}
          </div>
        )}
        <div className="popover-footer">
          <button type="button" className="btn-link" onClick={() => onChange([...DEFAULT_COLUMNS])}>
            Reset to default
          </button>
        </div>
      </div>
    </details>
  );
}

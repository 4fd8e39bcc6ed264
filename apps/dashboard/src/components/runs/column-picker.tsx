'use client';
// Chooses which columns the runs table shows; the choice goes into the URL with the rest of the view.
import { useEffect, useRef } from 'react';
import { DEFAULT_COLUMNS, RUN_COLUMNS, type RunColumnId } from '../../lib/run-columns';

export function ColumnPicker({ columns, onChange }: { columns: readonly RunColumnId[]; onChange: (next: RunColumnId[]) => void }) {
  const ref = useRef<HTMLDetailsElement>(null);

  // <details> does not close on an outside click by itself.
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);

  const toggle = (id: RunColumnId, on: boolean) =>
    onChange(RUN_COLUMNS.map((c) => c.id).filter((c) => (c === id ? on : columns.includes(c))));

  return (
    <details className="popover" ref={ref}>
      <summary className="btn">Columns ({columns.length})</summary>
      <div className="popover-panel" role="group" aria-label="Visible columns">
        {RUN_COLUMNS.map((c) => (
          <label key={c.id} className="check-row">
            <input type="checkbox" checked={columns.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
            {c.label}
            {'title' in c && <span className="muted"> · {c.title}</span>}
          </label>
        ))}
        <div className="popover-footer">
          <button type="button" className="btn-link" onClick={() => onChange([...DEFAULT_COLUMNS])}>
            Reset to default
          </button>
        </div>
      </div>
    </details>
  );
}

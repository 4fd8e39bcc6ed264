'use client';
// The runs table's bulk actions on the selected runs, for a signed-in session: archive, restore, delete (confirmed).
import { MAX_BULK_RUNS } from '@mnist-lab/contracts';
import { useState } from 'react';
import type { RunRow } from '../../trpc/types';
import { ConfirmDialog } from './confirm-dialog';
import { errorText, useRunChanges } from './use-run-changes';
import styles from './manage.module.css';

const plural = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

interface Props {
  selected: readonly string[];
  /** The page's rows: the names a confirmation lists. */
  rows: readonly RunRow[];
  /** Clears the selection once an action is done: archived or deleted runs leave the view. */
  onDone: () => void;
}

export function BulkBar({ selected, rows, onDone }: Props) {
  const { archive, restore, remove } = useRunChanges();
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState<string>();
  const n = selected.length;
  const tooMany = n > MAX_BULK_RUNS;
  const busy = archive.isPending || restore.isPending || remove.isPending;
  const failed = archive.error ?? restore.error;
  const act = (which: typeof archive, verb: string) => {
    setSaid(undefined);
    which.mutate(
      { runIds: [...selected] },
      {
        onSuccess: (r) => {
          setSaid(`${verb} ${plural(r.changed)}${r.changed < n ? ` (${n - r.changed} already were)` : ''}.`);
          onDone();
        },
      },
    );
  };
  const known = rows.filter((r) => selected.includes(r.id));
  // Mounted while signed in, so what the last action did stays said after it cleared the selection.
  if (n === 0 && !said && !confirming) return null;
  return (
    <div className={styles.bulkBar} role="toolbar" aria-label="Selected runs" data-testid="bulk-bar">
      {n > 0 && (
        <>
          <strong>{plural(n)} selected</strong>
          <button type="button" className="btn btn-small" disabled={busy || tooMany} onClick={() => act(archive, 'Archived')}>
            Archive
          </button>
          <button type="button" className="btn btn-small" disabled={busy || tooMany} onClick={() => act(restore, 'Restored')}>
            Restore
          </button>
          <button
            type="button"
            className={`btn btn-small ${styles.danger}`}
            disabled={busy || tooMany}
            onClick={() => {
              setSaid(undefined);
              remove.reset();
              setConfirming(true);
            }}
          >
            Delete…
          </button>
        </>
      )}
      {tooMany && <span className="muted">at most {MAX_BULK_RUNS} runs at a time</span>}
      {said && (
        <span className="muted" role="status">
          {said}
        </span>
      )}
      {failed && (
        <span className="banner banner-error" role="alert">
          {errorText(failed)}
        </span>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${plural(n)}?`}
          confirmLabel={`Delete ${plural(n)}`}
          busy={remove.isPending}
          error={errorText(remove.error)}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            remove.mutate(
              { runIds: [...selected] },
              {
                onSuccess: (r) => {
                  setConfirming(false);
                  setSaid(`Deleted ${plural(r.deleted)}.`);
                  onDone();
                },
              },
            )
          }
        >
          <p>{n === 1 ? 'This run goes' : 'These runs go'} for good, with every metric point, test digit, model and validation record logged:</p>
          <ul>
            {known.map((r) => (
              <li key={r.id}>{r.name}</li>
            ))}
          </ul>
          {known.length < n && <p>and {plural(n - known.length)} selected on other pages.</p>}
          <p>Archive instead to hide and keep them.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

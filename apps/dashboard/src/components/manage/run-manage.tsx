'use client';
// A run's management row on its page, for a signed-in session: edit tags and notes, archive or restore, delete.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { RunDetail } from '../../trpc/types';
import { ConfirmDialog } from './confirm-dialog';
import { NotesEditor, TagsEditor } from './run-editors';
import { errorText, useRunChanges } from './use-run-changes';
import { useSignedIn } from './use-signed-in';
import styles from './manage.module.css';

type Open = 'tags' | 'notes' | 'delete' | null;

export function RunManage({ run }: { run: RunDetail }) {
  const signedIn = useSignedIn();
  const router = useRouter();
  const { archive, restore, remove } = useRunChanges();
  const [open, setOpen] = useState<Open>(null);
  const archived = run.archivedAt !== null;
  const close = () => setOpen(null);
  const toggle = archived ? restore : archive;
  return (
    <>
      {archived && (
        <p className={`banner banner-info ${styles.archivedBanner}`} data-testid="archived-banner">
          Archived: this run is left out of the runs table{signedIn ? ' until restored' : ''}; nothing of it was deleted.
        </p>
      )}
      {signedIn && (
        <div className={styles.actions} data-testid="run-actions">
          <button type="button" className="btn btn-small" onClick={() => setOpen(open === 'tags' ? null : 'tags')} aria-expanded={open === 'tags'}>
            Edit tags
          </button>
          <button type="button" className="btn btn-small" onClick={() => setOpen(open === 'notes' ? null : 'notes')} aria-expanded={open === 'notes'}>
            {run.notes ? 'Edit notes' : 'Add notes'}
          </button>
          <button type="button" className="btn btn-small" disabled={toggle.isPending} onClick={() => toggle.mutate({ runIds: [run.id] })}>
            {archived ? 'Restore' : 'Archive'}
          </button>
          <button type="button" className={`btn btn-small ${styles.danger}`} onClick={() => setOpen('delete')}>
            Delete…
          </button>
          {toggle.error && (
            <span className="banner banner-error" role="alert">
              {errorText(toggle.error)}
            </span>
          )}
        </div>
      )}
      {signedIn && open === 'tags' && <TagsEditor runId={run.id} tags={run.tags} onClose={close} />}
      {signedIn && open === 'notes' && <NotesEditor runId={run.id} notes={run.notes} onClose={close} />}
      {signedIn && open === 'delete' && (
        <ConfirmDialog
          title="Delete this run?"
          confirmLabel="Delete run"
          typeToConfirm={run.name}
          busy={remove.isPending}
          error={errorText(remove.error)}
          onCancel={() => {
            remove.reset();
            close();
          }}
          onConfirm={() => remove.mutate({ runIds: [run.id] }, { onSuccess: () => router.push('/') })}
        >
          <p>
            <strong>{run.name}</strong> goes for good, with its {run.lastEpoch} logged {run.lastEpoch === 1 ? 'epoch' : 'epochs'}, every metric point,
            its test digits{run.hasModel ? ', its model' : ''} and validation data. Archiving hides a run and keeps it.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

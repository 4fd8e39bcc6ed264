'use client';
// The run's name as its page's title, renamed in place when signed in: Enter saves, Escape puts the name back.
import { useState } from 'react';
import type { RunDetail } from '../../trpc/types';
import { useEscape } from '../common/use-escape';
import { errorText, useRunChanges } from './use-run-changes';
import { useSignedIn } from './use-signed-in';
import styles from './manage.module.css';

export function RunTitle({ run }: { run: RunDetail }) {
  const signedIn = useSignedIn();
  const { rename } = useRunChanges();
  const [draft, setDraft] = useState<string | null>(null);
  const close = () => {
    setDraft(null);
    rename.reset();
  };
  useEscape(draft !== null, close);
  if (draft === null) {
    return (
      <>
        <h1 data-testid="run-name">{run.name}</h1>
        {signedIn && (
          <button type="button" className="btn btn-small" onClick={() => setDraft(run.name)} data-testid="rename-run">
            Rename
          </button>
        )}
      </>
    );
  }
  return (
    <form
      className={styles.nameForm}
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim() === run.name) return close();
        rename.mutate({ runId: run.id, name: draft }, { onSuccess: close });
      }}
    >
      <input
        className={`input ${styles.nameInput}`}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        aria-label="Run name"
        maxLength={200}
        autoFocus
        data-testid="run-name-input"
      />
      <button type="submit" className="btn btn-primary btn-small" disabled={rename.isPending || draft.trim() === ''}>
        Save
      </button>
      <button type="button" className="btn btn-small" onClick={close}>
        Cancel
      </button>
      {rename.error && (
        <span className="banner banner-error" role="alert">
          {errorText(rename.error)}
        </span>
      )}
    </form>
  );
}

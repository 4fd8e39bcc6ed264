'use client';
// A run's tags and notes edited on its page: each editor holds a draft until Save, and Escape drops the draft.
import { useState } from 'react';
import { useEscape } from '../common/use-escape';
import { errorText, useRunChanges } from './use-run-changes';
import styles from './manage.module.css';

/** The tags as they will be stored: trimmed, once each, in the order typed; the API takes at most 32 of 64 characters. */
export function addTags(tags: readonly string[], typed: string): string[] {
  const next = [...tags];
  for (const part of typed.split(',')) {
    const tag = part.trim();
    if (tag && !next.includes(tag)) next.push(tag);
  }
  return next;
}

export function TagsEditor({ runId, tags, onClose }: { runId: string; tags: readonly string[]; onClose: () => void }) {
  const { setTags } = useRunChanges();
  const [draft, setDraft] = useState<string[]>([...tags]);
  const [typed, setTyped] = useState('');
  useEscape(true, onClose);
  const save = () => setTags.mutate({ runId, tags: addTags(draft, typed) }, { onSuccess: onClose });
  return (
    <form
      className={styles.editor}
      data-testid="tags-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <span className={styles.editorLabel}>Tags</span>
      <div className={styles.tagRow}>
        {draft.map((t) => (
          <span key={t} className="chip" aria-pressed="true">
            {t}
            <button type="button" className="chip-remove" aria-label={`Remove tag ${t}`} onClick={() => setDraft((d) => d.filter((x) => x !== t))}>
              ×
            </button>
          </span>
        ))}
        <input
          className={`input ${styles.tagInput}`}
          value={typed}
          placeholder="add a tag, Enter or comma"
          aria-label="New tag"
          maxLength={64}
          autoFocus
          onChange={(e) => {
            // A comma ends a tag, as in most tag fields; the rest stays typed.
            const value = e.target.value;
            if (!value.includes(',')) return setTyped(value);
            const cut = value.lastIndexOf(',');
            setDraft((d) => addTags(d, value.slice(0, cut)));
            setTyped(value.slice(cut + 1));
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && typed.trim()) {
              e.preventDefault();
              setDraft((d) => addTags(d, typed));
              setTyped('');
            } else if (e.key === 'Backspace' && typed === '' && draft.length > 0) {
              setDraft((d) => d.slice(0, -1));
            }
          }}
        />
      </div>
      {setTags.error && (
        <p className="banner banner-error" role="alert">
          {errorText(setTags.error)}
        </p>
      )}
      <div className={styles.editorButtons}>
        <button type="submit" className="btn btn-primary btn-small" disabled={setTags.isPending}>
          Save tags
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function NotesEditor({ runId, notes, onClose }: { runId: string; notes: string | null; onClose: () => void }) {
  const { setNotes } = useRunChanges();
  const [draft, setDraft] = useState(notes ?? '');
  useEscape(true, onClose);
  return (
    <form
      className={styles.editor}
      data-testid="notes-editor"
      onSubmit={(e) => {
        e.preventDefault();
        // Empty notes are no notes: stored as null, so the page shows none.
        setNotes.mutate({ runId, notes: draft.trim() === '' ? null : draft }, { onSuccess: onClose });
      }}
    >
      <span className={styles.editorLabel}>Notes</span>
      <textarea
        className={styles.notesInput}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        aria-label="Notes"
        maxLength={10_000}
        autoFocus
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter saves, as in GitHub's comment boxes; Enter alone is a new line.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
        }}
      />
      {setNotes.error && (
        <p className="banner banner-error" role="alert">
          {errorText(setNotes.error)}
        </p>
      )}
      <div className={styles.editorButtons}>
        <button type="submit" className="btn btn-primary btn-small" disabled={setNotes.isPending}>
          Save notes
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

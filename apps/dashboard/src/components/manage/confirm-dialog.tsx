'use client';
// A confirmation for what cannot be undone: what goes, then either the name typed back or one plainly labeled button.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useEscape } from '../common/use-escape';
import styles from './manage.module.css';

interface Props {
  title: string;
  children: ReactNode;
  /** The button's words, e.g. "Delete 3 runs". */
  confirmLabel: string;
  /** When given, the button stays disabled until this is typed exactly (GitHub's repository deletion). */
  typeToConfirm?: string;
  busy: boolean;
  /** The server's one-line refusal, shown in the dialog, which stays open. */
  error?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Tab and Shift+Tab cycle through the dialog's controls instead of leaving for the page behind it (WAI-ARIA's modal dialog). */
function keepFocusInside(e: KeyboardEvent<HTMLDivElement>) {
  if (e.key !== 'Tab') return;
  const controls = [...e.currentTarget.querySelectorAll<HTMLElement>('input, button:not(:disabled)')];
  if (controls.length === 0) return;
  const [first, last] = [controls[0], controls[controls.length - 1]];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

export function ConfirmDialog({ title, children, confirmLabel, typeToConfirm, busy, error, onConfirm, onCancel }: Props) {
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const input = useRef<HTMLInputElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEscape(true, () => {
    if (!busy) onCancel();
  });
  // The focus starts where the next keystroke belongs: the name field, or Cancel (so Enter does not delete).
  useEffect(() => (input.current ?? cancel.current)?.focus(), []);
  const ready = !busy && (typeToConfirm === undefined || typed === typeToConfirm);
  return (
    <div className={styles.backdrop} onMouseDown={(e) => e.target === e.currentTarget && !busy && onCancel()}>
      <div className={styles.dialog} role="alertdialog" aria-modal="true" aria-labelledby={titleId} data-testid="confirm-dialog" onKeyDown={keepFocusInside}>
        <h2 id={titleId} className={styles.dialogTitle}>
          {title}
        </h2>
        <div className={styles.dialogBody}>{children}</div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) onConfirm();
          }}
        >
          {typeToConfirm !== undefined && (
            <label className={styles.typeLabel}>
              <span>
                Type <code>{typeToConfirm}</code> to confirm
              </span>
              <input ref={input} className="input" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Name to confirm" autoComplete="off" spellCheck={false} />
            </label>
          )}
          {error && (
            <p className="banner banner-error" role="alert">
              {error}
            </p>
          )}
          <div className={styles.dialogActions}>
            <button type="button" className="btn" onClick={onCancel} disabled={busy} ref={cancel}>
              Cancel
            </button>
            <button type="submit" className={`btn ${styles.danger}`} disabled={!ready}>
              {busy ? 'Deleting…' : confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

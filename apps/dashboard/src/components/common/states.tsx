// Loading, empty and error placeholders that tell the user what to do next, shared by every page.
import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state" role="status">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** The API's message plus how to get going again; `retry` refetches without a reload. */
export function ErrorState({ title, error, retry }: { title: string; error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" role="alert">
      <h2>{title}</h2>
      <p>{message}</p>
      <p>
        Is the server running? Start it with <code>npm start</code>, then{' '}
        {retry ? (
          <button type="button" className="btn-link" onClick={retry}>
            try again
          </button>
        ) : (
          'reload the page'
        )}
        .
      </p>
    </div>
  );
}

export function LoadingBlock({ height = 120, label = 'Loading…' }: { height?: number; label?: string }) {
  return <div className="skeleton" style={{ height }} role="status" aria-label={label} />;
}

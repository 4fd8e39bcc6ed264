'use client';
// Any page's unexpected render error: what happened in one line and a way back, instead of a blank screen.
import { Link } from '../components/common/app-link';

export default function PageError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div className="card">
      <div className="state state-error" role="alert">
        <h2>This page hit an error</h2>
        <p>{error.message || 'Unknown error'}</p>
        <p>
          <button type="button" className="btn" onClick={() => retry()}>
            Try again
          </button>{' '}
          or go back to the <Link href="/">runs table</Link>.
          {error.digest && <span className="muted"> (server log reference {error.digest})</span>}
        </p>
      </div>
    </div>
  );
}

'use client';
// /sign-in: a token into a session cookie, then back to the page that asked (private mode sends strangers here).
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import styles from './session.module.css';
import { signIn, useSession } from './use-session';

/** Only a path of this site: `next=https://elsewhere` would make the sign-in page an open redirect. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInView() {
  const router = useRouter();
  const next = safeNext(useSearchParams().get('next'));
  const { session, refresh } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const problem = await signIn(token.trim());
    setBusy(false);
    if (problem) return setError(problem);
    await refresh();
    router.replace(next);
  }

  return (
    <div className={styles.card}>
      <h1>Sign in to mnist-lab</h1>
      <p>
        {session?.private ? 'This server is private: its runs are shown to people who sign in. ' : ''}
        Use the token the server printed at start (or MNIST_LAB_TOKEN), or a named token from <code>mnist-lab token create</code>. The page keeps a
        session cookie for 30 days; the token itself is not stored in the browser.
      </p>
      <form className={styles.form} onSubmit={(e) => void submit(e)}>
        <label htmlFor="token">Token</label>
        <input id="token" name="token" type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} required />
        {error && (
          <p className={styles.error} role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}

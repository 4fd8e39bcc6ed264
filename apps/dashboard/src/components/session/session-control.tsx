'use client';
// The header's sign-in state: a link to /sign-in, or who is signed in and a sign-out button.
import { usePathname } from 'next/navigation';
import { Link } from '../common/app-link';
import styles from './session.module.css';
import { useSession } from './use-session';

export function SessionControl() {
  const { session, signOut } = useSession();
  const pathname = usePathname() ?? '/';
  if (!session || pathname.startsWith('/sign-in')) return null;
  if (!session.signedIn) {
    return (
      <Link className={styles.control} href={`/sign-in?next=${encodeURIComponent(pathname)}`} data-testid="sign-in-link">
        Sign in
      </Link>
    );
  }
  return (
    <span className={styles.control} data-testid="signed-in">
      <span className={styles.who}>Signed in{session.name ? ` as ${session.name}` : ''}</span>
      <button type="button" className="btn-link" onClick={() => void signOut()}>
        Sign out
      </button>
    </span>
  );
}

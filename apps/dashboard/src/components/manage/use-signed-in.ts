'use client';
// Whether this page may manage runs: renaming, archiving and deleting show only to a signed-in session.
import { useSession } from '../session/use-session';

export function useSignedIn(): boolean {
  // The header's session state (one session.whoami query): signing in or out there shows or hides the controls here.
  return useSession().session?.signedIn === true;
}

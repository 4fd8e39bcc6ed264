// `/sign-in?next=/runs`: sign in with a token; open in private mode, where every other page sends strangers here.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SignInView } from '../../components/session/sign-in-view';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  return (
    <Suspense fallback={null}>
      <SignInView />
    </Suspense>
  );
}

// `/playground?runs=a,b`: draw a digit and see the chosen runs' trained models classify it, in the browser.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '../../components/common/states';
import { PlaygroundView } from '../../components/playground/playground-view';

export const metadata: Metadata = { title: 'Playground' };

export default function PlaygroundPage() {
  return (
    <Suspense fallback={<LoadingBlock height={300} label="Loading playground" />}>
      <PlaygroundView />
    </Suspense>
  );
}

// `/compare?runs=a,b,...`: overlaid curves and side-by-side results of the chosen runs.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '../../components/common/states';
import { CompareView } from '../../components/compare/compare-view';

export const metadata: Metadata = { title: 'Compare runs' };

export default function ComparePage() {
  return (
    <Suspense fallback={<LoadingBlock height={300} label="Loading comparison" />}>
      <CompareView />
    </Suspense>
  );
}

// `/hard-digits?sweep=ID` or `?runs=a,b,...`: the test digits nearly every chosen run gets wrong.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '../../components/common/states';
import { HardDigitsView } from '../../components/analysis/hard-digits-view';

export const metadata: Metadata = { title: 'Hard digits' };

export default function HardDigitsPage() {
  return (
    <Suspense fallback={<LoadingBlock height={300} label="Loading hard digits" />}>
      <HardDigitsView />
    </Suspense>
  );
}

// `/digits?runs=a,b,...` or `?sweep=ID`: the digit explorer, every test digit across the chosen runs (`&set=validation`: their validation digits).
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '../../components/common/states';
import { DigitExplorer } from '../../components/digits/digit-explorer';

export const metadata: Metadata = { title: 'Digit explorer' };

export default function DigitsPage() {
  return (
    <Suspense fallback={<LoadingBlock height={400} label="Loading the digit explorer" />}>
      <DigitExplorer />
    </Suspense>
  );
}

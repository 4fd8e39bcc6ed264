// `/sweeps/<id>`: one sweep, its search space, trials and how the metric moved with each hyperparameter.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '../../../components/common/states';
import { SweepView } from '../../../components/sweeps/sweep-view';

export const metadata: Metadata = { title: 'Sweep' };

export default async function SweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingBlock height={320} label="Loading sweep" />}>
      <SweepView id={id} />
    </Suspense>
  );
}

// `/runs/<id>`: one run in full. The id comes from the route; everything else is fetched (and polled) on the client.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '../../../components/common/states';
import { RunView } from '../../../components/run/run-view';

export const metadata: Metadata = { title: 'Run' };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingBlock height={320} label="Loading run" />}>
      <RunView id={id} />
    </Suspense>
  );
}

// `/`: the runs table. Its state lives in the URL, read on the client, hence the Suspense boundary.
import { Suspense } from 'react';
import { LoadingBlock } from '../components/common/states';
import { RunsView } from '../components/runs/runs-view';

export default function RunsPage() {
  return (
    <Suspense fallback={<LoadingBlock height={300} label="Loading runs" />}>
      <RunsView />
    </Suspense>
  );
}

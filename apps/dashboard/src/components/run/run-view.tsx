'use client';
// A run's page: header, curves (live while training), its architecture, then its digit-level views (digit-views.tsx).
import { useQuery } from '@tanstack/react-query';
import { Link } from '../common/app-link';
import { LIVE_POLL_MS, isLiveStatus, liveInterval } from '../../trpc/live';
import { useTRPC } from '../../trpc/react';
import type { RouterOutputs } from '../../trpc/types';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { ArchitectureTable } from './architecture-table';
import { DigitViews } from './digit-views';
import { RunCharts } from './run-charts';
import { RunDownloads } from './run-downloads';
import { RunHeader } from './run-header';

export function RunView({ id }: { id: string }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.runs.get.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data && isLiveStatus(q.state.data.status) ? LIVE_POLL_MS : false),
  });
  const curves = useQuery({
    ...trpc.runs.curves.queryOptions({ runIds: [id], maxPoints: 1_000 }),
    refetchInterval: liveInterval((d: RouterOutputs['runs']['curves']) => d.runs),
  });

  if (run.isPending) return <LoadingBlock height={320} label="Loading run" />;
  if (run.isError) {
    if (run.error.data?.code === 'NOT_FOUND') {
      return (
        <EmptyState title="Run not found">
          <p>
            No run has the id <code>{id}</code>. It may have been deleted; pick one from the <Link href="/">runs table</Link>.
          </p>
        </EmptyState>
      );
    }
    return <ErrorState title="Could not load this run" error={run.error} retry={() => void run.refetch()} />;
  }

  const r = run.data;
  const curve = curves.data?.runs[0];
  return (
    <>
      <div className="breadcrumb">
        <Link href="/">Runs</Link> / {r.name}
      </div>
      <RunHeader run={r} />
      <RunDownloads run={r} />

      <h2 className="section-title">Curves</h2>
      {curves.isError ? (
        <ErrorState title="Could not load curves" error={curves.error} retry={() => void curves.refetch()} />
      ) : !curve ? (
        <LoadingBlock height={260} label="Loading curves" />
      ) : Object.keys(curve.series).length === 0 ? (
        <div className="card">
          <EmptyState title="No metrics logged yet">
            <p>{isLiveStatus(r.status) ? 'The first points appear here as soon as the run logs them.' : 'This run ended before logging a metric.'}</p>
          </EmptyState>
        </div>
      ) : (
        <RunCharts curves={curve} />
      )}

      {r.architecture && (
        <>
          <h2 className="section-title">Model</h2>
          <ArchitectureTable architecture={r.architecture} />
        </>
      )}

      <DigitViews run={r} />
    </>
  );
}

'use client';
// `/sweeps`: every sweep, newest first, read again every 2 s while any of them is running.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';
import { ErrorState, LoadingBlock } from '../common/states';
import { SweepsEmpty } from './sweeps-empty';
import { SweepsTable } from './sweeps-table';
import { SWEEP_POLL_MS } from './types';

export function SweepsView() {
  const trpc = useTRPC();
  const list = useQuery({
    ...trpc.sweeps.list.queryOptions(),
    refetchInterval: (q) => (q.state.data?.sweeps.some((s) => s.status === 'running') ? SWEEP_POLL_MS : false),
  });

  if (list.isPending) return <LoadingBlock height={240} label="Loading sweeps" />;
  if (list.isError) return <ErrorState title="Could not load sweeps" error={list.error} retry={() => void list.refetch()} />;
  const { sweeps } = list.data;
  const running = sweeps.filter((s) => s.status === 'running').length;
  return (
    <>
      <div className="page-header">
        <h1>Sweeps</h1>
        <span className="count" data-testid="sweep-count">
          {sweeps.length} {sweeps.length === 1 ? 'sweep' : 'sweeps'}
        </span>
        {running > 0 && <span className="live-dot">{running} running, updating live</span>}
      </div>
      {sweeps.length === 0 ? (
        <SweepsEmpty />
      ) : (
        <div className="card">
          <SweepsTable sweeps={sweeps} />
        </div>
      )}
    </>
  );
}

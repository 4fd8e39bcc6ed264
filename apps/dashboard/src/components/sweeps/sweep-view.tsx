'use client';
// `/sweeps/<id>`: header, search space, best run, parallel coordinates, the metric against each hyperparameter, their
// fANOVA importance with the contour of the top two, and the trials table; read again every 2 s while the sweep runs.
// Hovering a trial anywhere highlights it everywhere.
import { useQuery } from '@tanstack/react-query';
import { Link } from '../common/app-link';
import { useMemo, useState } from 'react';
import { serializeCompareState } from '../../lib/compare-state';
import { hardDigitsHref } from '../../lib/hard-digits-state';
import { parseStoredConfig, sweepAxes } from '../../lib/sweep-space';
import { asGoal, bestTrial, topRunIds } from '../../lib/sweep-trials';
import { useTRPC } from '../../trpc/react';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { BestRunCard } from './best-run-card';
import { FamilySummary } from './family-summary';
import { ImportancePanel } from './importance-panel';
import { ParallelCoordinates } from './parallel-coordinates';
import { ScatterGrid } from './scatter-grid';
import { SweepHeader } from './sweep-header';
import { SweepSpaceTable } from './sweep-space-table';
import { TrialsTable } from './trials-table';
import { SWEEP_POLL_MS } from './types';
import styles from './sweeps.module.css';

const TOP = 5;

export function SweepView({ id }: { id: string }) {
  const trpc = useTRPC();
  const [highlight, setHighlight] = useState<string | null>(null);
  const sweep = useQuery({
    ...trpc.sweeps.get.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? SWEEP_POLL_MS : false),
  });
  const config = useMemo(() => parseStoredConfig(sweep.data?.config), [sweep.data?.config]);

  if (sweep.isPending) return <LoadingBlock height={320} label="Loading sweep" />;
  if (sweep.isError) {
    const code = sweep.error.data?.code;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
      return (
        <EmptyState title="Sweep not found">
          <p>
            No sweep has the id <code>{id}</code>. Pick one from the <Link href="/sweeps">sweeps list</Link>.
          </p>
        </EmptyState>
      );
    }
    return <ErrorState title="Could not load this sweep" error={sweep.error} retry={() => void sweep.refetch()} />;
  }

  const s = sweep.data;
  const goal = asGoal(s.goal);
  const axes = sweepAxes(config, s.trials);
  const best = bestTrial(s.trials, goal, s.bestRunId);
  const top = topRunIds(s.trials, goal, TOP);
  const compareHref = `/compare?${serializeCompareState({ runIds: top, smoothing: 0, xAxis: 'epoch', logScale: false }).toString().replace(/%2C/gi, ',')}`;
  const finished = s.trials.filter((t) => t.status === 'finished').length;

  return (
    <>
      <div className="breadcrumb">
        <Link href="/sweeps">Sweeps</Link> / {s.name}
      </div>
      <SweepHeader sweep={s} config={config} best={best} />
      <div className={styles.actions}>
        {top.length > 0 ? (
          <Link href={compareHref} className="btn btn-primary" data-testid="compare-top">
            Compare top {top.length}
          </Link>
        ) : (
          <button type="button" className="btn btn-primary" disabled title="No trial has finished yet">
            Compare top {TOP}
          </button>
        )}
        <Link href={hardDigitsHref({ sweepId: s.id })} className="btn" data-testid="sweep-hard-digits">
          Hard digits of this sweep
        </Link>
        <Link href={`/?sweep=${s.id}`} className="btn">
          Its runs in the runs table
        </Link>
      </div>

      <div className={styles.overview}>
        <SweepSpaceTable config={config} />
        <BestRunCard best={best} metric={s.metric} />
      </div>

      <FamilySummary trials={s.trials} goal={goal} metric={s.metric} />

      <h2 className="section-title">Parallel coordinates</h2>
      <section className="card">
        {finished === 0 || axes.length === 0 ? (
          <EmptyState title={axes.length === 0 ? 'Nothing varies in this sweep' : 'No finished trials yet'}>
            <p>{axes.length === 0 ? 'Every parameter in its config is fixed.' : 'A line per trial appears here as soon as it finishes.'}</p>
          </EmptyState>
        ) : (
          <ParallelCoordinates axes={axes} trials={s.trials} metric={s.metric} goal={goal} highlight={highlight} onHighlight={setHighlight} />
        )}
      </section>

      {finished > 0 && axes.length > 0 && (
        <>
          <h2 className="section-title">{s.metric} against each hyperparameter</h2>
          <ScatterGrid axes={axes} trials={s.trials} metric={s.metric} goal={goal} bestRunId={best?.runId} highlight={highlight} onHighlight={setHighlight} />
          <h2 className="section-title">Parameter importance (fANOVA)</h2>
          <section className="card">
            <ImportancePanel axes={axes} trials={s.trials} metric={s.metric} goal={goal} />
          </section>
        </>
      )}

      <h2 className="section-title">Trials</h2>
      <section className="card">
        {s.trials.length === 0 ? (
          <EmptyState title="No trials yet">
            <p>
              Trials start when an agent asks for one: <code>npx mnist-lab agent --sweep {s.id}</code>.
            </p>
          </EmptyState>
        ) : (
          <TrialsTable trials={s.trials} axes={axes} metric={s.metric} goal={goal} bestRunId={best?.runId} highlight={highlight} onHighlight={setHighlight} />
        )}
      </section>
    </>
  );
}

'use client';
// A run's page: header, curves (live while training), its architecture, test results with the confusion matrix beside
// its config, per-digit precision/recall/F1 and calibration, and its misclassified digits.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from '../common/app-link';
import { LIVE_POLL_MS, isLiveStatus, liveInterval } from '../../trpc/live';
import { useTRPC } from '../../trpc/react';
import type { RouterOutputs } from '../../trpc/types';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { CalibrationCard } from './calibration-card';
import { ClassMetricsTable } from './class-metrics-table';
import { ConfusionMatrix } from './confusion-matrix';
import { DigitGallery } from './digit-gallery';
import { ArchitectureTable } from './architecture-table';
import { ConfigList } from './config-list';
import { RunCharts } from './run-charts';
import { RunDownloads } from './run-downloads';
import { RunHeader } from './run-header';
import { useGalleryFilter } from './use-gallery-filter';
import { RunEmbedding } from '../embedding/run-embedding';
import styles from './run-view.module.css';

export function RunView({ id }: { id: string }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useGalleryFilter();
  // The map's box: every digit in it here, its misclassified ones in the gallery's filter (the URL).
  const [mapBox, setMapBox] = useState<ReadonlySet<number> | null>(null);
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

      <h2 className="section-title">Test set</h2>
      <div className={styles.testLayout}>
        <section className="card">
          <header className="card-header">
            <h2>Confusion matrix</h2>
            <span className="spacer" />
            {filter.trueLabel !== undefined && filter.predictedLabel !== undefined && (
              <button type="button" className="btn btn-small" onClick={() => setFilter({ sort: filter.sort })}>
                Clear selection
              </button>
            )}
          </header>
          <div className="card-body">
            {r.confusionMatrix ? (
              <ConfusionMatrix
                matrix={r.confusionMatrix}
                selected={filter}
                onSelect={(trueLabel, predictedLabel) =>
                  setFilter(
                    filter.trueLabel === trueLabel && filter.predictedLabel === predictedLabel
                      ? { sort: filter.sort }
                      : { ...filter, trueLabel, predictedLabel },
                  )
                }
              />
            ) : (
              <p className="muted">
                {isLiveStatus(r.status)
                  ? 'The model is evaluated on the 10,000 test digits when training ends; the matrix appears here then.'
                  : 'This run ended without a test evaluation.'}
              </p>
            )}
          </div>
        </section>
        <ConfigList config={r.config} />
      </div>
      {r.confusionMatrix && (
        <div className={`${styles.digitMetrics} section`}>
          <ClassMetricsTable matrix={r.confusionMatrix} setLabel="test set, final model" />
          <CalibrationCard runId={id} />
        </div>
      )}

      {r.misclassifiedCount != null && (
        <div className="section">
          <RunEmbedding
            runId={id}
            selection={filter.selection ? mapBox : null}
            onSelect={(box) => {
              setMapBox(box ? new Set(box.all) : null);
              setFilter({ ...filter, selection: box?.wrong });
            }}
          />
        </div>
      )}

      {r.misclassifiedCount != null && (
        <div className="section">
          <DigitGallery runId={id} total={r.misclassifiedCount} filter={filter} onFilter={setFilter} />
        </div>
      )}
    </>
  );
}

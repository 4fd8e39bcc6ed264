'use client';
// The run page's digit-level views: which set is shown (final test set, or validation at a slider's epoch), its
// confusion matrix beside the config, per-digit precision/recall/F1, the test calibration, the test embedding map
// (its box filters the gallery) and the digits gallery.
import { useCallback, useState } from 'react';
import type { HistoryFilter } from '../../lib/epoch-digits';
import { isLiveStatus, LIVE_POLL_MS } from '../../trpc/live';
import type { RouterOutputs } from '../../trpc/types';
import { LoadingBlock } from '../common/states';
import { RunEmbedding } from '../embedding/run-embedding';
import { CalibrationCard } from './calibration-card';
import { ClassMetricsTable } from './class-metrics-table';
import { ConfigList } from './config-list';
import { ConfusionMatrix } from './confusion-matrix';
import { DigitGallery } from './digit-gallery';
import { EpochControls } from './epoch-controls';
import { useEpochView } from './use-epoch-view';
import { useGalleryFilter } from './use-gallery-filter';
import { useValidationEpochs, type ValidationEpochs } from './use-validation-epochs';
import { ValidationGallery } from './validation-gallery';
import styles from './run-view.module.css';

type Run = RouterOutputs['runs']['get'];

/** Why the validation view cannot be shown, in one line; null when it can. */
function unavailableWhy(run: Run, history: ValidationEpochs['history'], epochs: number, live: boolean): string | null {
  if (run.validationEpochs === 0 || history.error?.data?.code === 'CONFLICT') {
    return live ? 'No epoch has validation predictions yet.' : 'Validation predictions were not recorded for this run.';
  }
  if (history.isPending) return 'Looking for validation predictions…';
  if (history.isError) return `Could not load the validation predictions: ${history.error.message}`;
  return epochs === 0 ? 'No epoch has validation predictions yet.' : null;
}

export function DigitViews({ run }: { run: Run }) {
  const [filter, setFilter] = useGalleryFilter();
  const [view, setView] = useEpochView();
  // The embedding map's box: every digit in it here, its misclassified ones in the gallery's filter (the URL).
  const [mapBox, setMapBox] = useState<ReadonlySet<number> | null>(null);
  const live = isLiveStatus(run.status);
  const val = useValidationEpochs(run.id, run.validationEpochs, view.epoch, view.set === 'validation', live ? LIVE_POLL_MS : false);
  const unavailable = unavailableWhy(run, val.history, val.epochs.length, live);
  const validation = view.set === 'validation' && unavailable === null;
  const shown = validation ? val.shown : undefined;
  const matrix = validation ? shown?.matrix : run.confusionMatrix;
  const setLabel = validation ? `validation set, epoch ${shown?.epoch ?? val.epoch ?? ''}` : 'test set, final model';
  // Stable across the slider's steps, so the memoized matrix and gallery skip the renders the URL update causes.
  const selectCell = useCallback(
    (trueLabel: number, predictedLabel: number) =>
      setFilter(
        filter.trueLabel === trueLabel && filter.predictedLabel === predictedLabel ? { sort: filter.sort } : { ...filter, trueLabel, predictedLabel },
      ),
    [filter, setFilter],
  );
  const setHistory = useCallback((history?: HistoryFilter) => setView({ ...view, history }), [view, setView]);

  return (
    <>
      <h2 className="section-title">{validation ? 'Validation set' : 'Test set'}</h2>
      <EpochControls
        view={view}
        onView={setView}
        epochs={val.epochs}
        epoch={val.epoch}
        accuracy={shown && shown.epoch === val.epoch ? shown.accuracy : undefined}
        loading={validation && val.stale}
        unavailable={unavailable}
      />
      <div className={styles.testLayout}>
        <section className="card">
          <header className="card-header">
            <h2>Confusion matrix</h2>
            <span className="count" data-testid="matrix-set">
              {setLabel}
            </span>
            <span className="spacer" />
            {filter.trueLabel !== undefined && filter.predictedLabel !== undefined && (
              <button type="button" className="btn btn-small" onClick={() => setFilter({ sort: filter.sort })}>
                Clear selection
              </button>
            )}
          </header>
          <div className="card-body" data-testid="matrix-view" data-set={validation ? 'validation' : 'test'} data-epoch={shown?.epoch ?? ''}>
            {matrix ? (
              <div className={validation && val.stale ? styles.stale : undefined}>
                <ConfusionMatrix matrix={matrix} selected={filter} onSelect={selectCell} />
              </div>
            ) : validation ? (
              <LoadingBlock height={300} label="Loading the epoch" />
            ) : (
              <p className="muted">
                {live
                  ? 'The model is evaluated on the 10,000 test digits when training ends; the matrix appears here then.'
                  : 'This run ended without a test evaluation.'}
              </p>
            )}
          </div>
        </section>
        <ConfigList config={run.config} />
      </div>
      {(matrix || run.confusionMatrix) && (
        <div className={`${styles.digitMetrics} section`}>
          {matrix && <ClassMetricsTable matrix={matrix} setLabel={setLabel} />}
          {run.confusionMatrix && <CalibrationCard runId={run.id} />}
        </div>
      )}

      {validation ? (
        shown && val.history.data ? (
          <div className="section">
            <ValidationGallery
              shown={shown}
              stale={val.stale}
              history={val.history.data}
              pixels={val.pixels}
              filter={filter}
              onFilter={setFilter}
              historyFilter={view.history}
              onHistoryFilter={setHistory}
            />
          </div>
        ) : null
      ) : (
        run.misclassifiedCount != null && (
          <>
            <div className="section">
              <RunEmbedding
                runId={run.id}
                selection={filter.selection ? mapBox : null}
                onSelect={(box) => {
                  setMapBox(box ? new Set(box.all) : null);
                  setFilter({ ...filter, selection: box?.wrong });
                }}
              />
            </div>
            <div className="section">
              <DigitGallery runId={run.id} total={run.misclassifiedCount} filter={filter} onFilter={setFilter} />
            </div>
          </>
        )
      )}
    </>
  );
}

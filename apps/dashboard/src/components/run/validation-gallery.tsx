'use client';
// The validation digits at the slider's epoch: those wrong then, or those a forgetting filter picks (never learned,
// forgotten at least once, learned late), filtered by class like the test gallery and drawn in the same virtual grid.
import { memo, useMemo, useState } from 'react';
import { epochDigits, HISTORY_FILTERS, HISTORY_LABELS, historyCounts, type EpochDigit, type HistoryFilter } from '../../lib/epoch-digits';
import { formatInteger } from '../../lib/format';
import type { MisclassifiedSort } from '../../trpc/types';
import { ClassSelect, SORTS } from './digit-gallery';
import type { GalleryFilter } from './use-gallery-filter';
import type { DecodedEpoch, ValidationHistory } from './use-validation-epochs';
import { ValidationDigitDetail } from './validation-digit-detail';
import { ValidationTile } from './validation-tile';
import { VirtualDigitGrid } from './virtual-digit-grid';
import styles from './digits.module.css';

interface Props {
  shown: DecodedEpoch;
  stale: boolean;
  history: ValidationHistory;
  pixels: ReadonlyMap<number, string>;
  filter: GalleryFilter;
  onFilter: (next: GalleryFilter) => void;
  historyFilter?: HistoryFilter;
  onHistoryFilter: (next?: HistoryFilter) => void;
}

export const ValidationGallery = memo(function ValidationGallery({ shown, stale, history, pixels, filter, onFilter, historyFilter, onHistoryFilter }: Props) {
  const [selected, setSelected] = useState<EpochDigit | null>(null);
  const counts = useMemo(() => historyCounts(history), [history]);
  const digits = useMemo(
    () =>
      epochDigits({
        truth: shown.truth,
        predicted: shown.predicted,
        confidences: shown.confidences,
        pixels,
        trueLabel: filter.trueLabel,
        predictedLabel: filter.predictedLabel,
        sort: filter.sort,
        history: historyFilter ? { filter: historyFilter, of: history } : undefined,
      }),
    [shown, pixels, filter.trueLabel, filter.predictedLabel, filter.sort, historyFilter, history],
  );
  const wrong = shown.truth.length - Math.round(shown.accuracy * shown.truth.length);
  const classFiltered = filter.trueLabel !== undefined || filter.predictedLabel !== undefined;
  const current = selected ? (digits.find((d) => d.index === selected.index) ?? selected) : null;

  return (
    <section className="card" data-testid="digit-gallery" data-set="validation" data-epoch={shown.epoch}>
      <header className="card-header">
        <h2>
          {historyFilter ? `${HISTORY_LABELS[historyFilter].label}: validation digits` : 'Misclassified validation digits'} at epoch {shown.epoch}
        </h2>
        <span className="count" data-testid="gallery-count">
          {historyFilter || classFiltered ? `${formatInteger(digits.length)} of ${formatInteger(historyFilter ? counts[historyFilter] : wrong)}` : formatInteger(digits.length)}
        </span>
        <span className="spacer" />
        <ClassSelect label="True" value={filter.trueLabel} onChange={(trueLabel) => onFilter({ ...filter, trueLabel })} />
        <ClassSelect label="Predicted" value={filter.predictedLabel} onChange={(predictedLabel) => onFilter({ ...filter, predictedLabel })} />
        <label className="control">
          Sort
          <select className="select" value={filter.sort} onChange={(e) => onFilter({ ...filter, sort: e.target.value as MisclassifiedSort })}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className={`card-body ${styles.historyBar}`}>
        <div className="segmented" role="group" aria-label="Digits by history">
          <button type="button" aria-pressed={!historyFilter} onClick={() => onHistoryFilter(undefined)} title="The digits wrong at this epoch">
            Wrong at this epoch
          </button>
          {HISTORY_FILTERS.map((f) => (
            <button key={f} type="button" aria-pressed={historyFilter === f} onClick={() => onHistoryFilter(f)} title={HISTORY_LABELS[f].title} data-testid={`history-${f}`}>
              {HISTORY_LABELS[f].label} <span className="num">{formatInteger(counts[f])}</span>
            </button>
          ))}
        </div>
        <span className="muted">
          {formatInteger(history.neverWrong)} of {formatInteger(history.count)} never wrong over {history.epochs.length} epochs
        </span>
      </div>
      {current && (
        <ValidationDigitDetail
          digit={current}
          epoch={shown.epoch}
          learnedFrom={history.learnedFrom[current.index] ?? null}
          forgettingEvents={history.forgettingEvents[current.index] ?? 0}
          onClose={() => setSelected(null)}
        />
      )}
      <div className="card-body">
        {digits.length === 0 ? (
          <p className={`muted ${styles.empty}`}>
            {historyFilter ? 'No validation digits with this history and these classes.' : classFiltered ? 'No validation digits with this true and predicted class at this epoch.' : 'Every validation digit is right at this epoch.'}
          </p>
        ) : (
          <VirtualDigitGrid
            testId="gallery-grid"
            items={digits}
            keyOf={(d) => d.index}
            stale={stale}
            renderTile={(d) => <ValidationTile digit={d} selected={current?.index === d.index} onSelect={setSelected} />}
          />
        )}
      </div>
    </section>
  );
});

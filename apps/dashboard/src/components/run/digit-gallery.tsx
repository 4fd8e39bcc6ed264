'use client';
// Every misclassified test digit of a run, filterable by true and predicted class and sortable by confidence; only
// the rows in view are mounted.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatInteger } from '../../lib/format';
import { useTRPC } from '../../trpc/react';
import type { MisclassifiedDigit, MisclassifiedSort } from '../../trpc/types';
import { ErrorState, LoadingBlock } from '../common/states';
import { DigitDetail } from './digit-detail';
import { DigitTile } from './digit-tile';
import { VirtualDigitGrid } from './virtual-digit-grid';
import type { GalleryFilter } from './use-gallery-filter';
import styles from './digits.module.css';

interface Props {
  runId: string;
  /** The run's misclassifiedCount: the gallery shows exactly this many tiles when unfiltered. */
  total: number;
  filter: GalleryFilter;
  onFilter: (next: GalleryFilter) => void;
}

export const SORTS: { value: MisclassifiedSort; label: string }[] = [
  { value: 'confidence-desc', label: 'Most confident first' },
  { value: 'confidence-asc', label: 'Least confident first' },
  { value: 'index', label: 'Test set order' },
];
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** MNIST has 10,000 test images: a run cannot get more wrong than that, so one request holds every error. */
const ALL = 10_000;

export function ClassSelect({ label, value, onChange }: { label: string; value?: number; onChange: (v?: number) => void }) {
  return (
    <label className="control">
      {label}
      <select className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}>
        <option value="">any</option>
        {DIGITS.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DigitGallery({ runId, total, filter, onFilter }: Props) {
  const trpc = useTRPC();
  const [selected, setSelected] = useState<MisclassifiedDigit | null>(null);
  const query = useQuery({
    ...trpc.runs.misclassified.queryOptions({
      runId,
      trueLabel: filter.trueLabel,
      predictedLabel: filter.predictedLabel,
      sort: filter.sort,
      limit: ALL,
    }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  // The embedding map's box: of the digits the server filtered, those inside it.
  const inBox = filter.selection ? new Set(filter.selection) : null;
  const filtered = filter.trueLabel !== undefined || filter.predictedLabel !== undefined || inBox !== null;
  const digits = (query.data?.digits ?? []).filter((d) => !inBox || inBox.has(d.index));

  return (
    <section className="card" data-testid="digit-gallery">
      <header className="card-header">
        <h2>Misclassified test digits</h2>
        <span className="count" data-testid="gallery-count">
          {query.data
            ? filtered
              ? `${formatInteger(inBox ? digits.length : query.data.total)} of ${formatInteger(total)}${inBox ? ' in the map selection' : ''}`
              : `${formatInteger(query.data.total)}`
            : ''}
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
        {filtered && (
          <button type="button" className="btn btn-small" onClick={() => onFilter({ sort: filter.sort })}>
            Show all
          </button>
        )}
      </header>
      {selected && <DigitDetail digit={selected} onClose={() => setSelected(null)} />}
      <div className="card-body">
        {query.isPending ? (
          <LoadingBlock height={160} label="Loading digits" />
        ) : query.isError ? (
          <ErrorState title="Could not load the misclassified digits" error={query.error} retry={() => void query.refetch()} />
        ) : digits.length === 0 ? (
          <p className={`muted ${styles.empty}`}>
            {filtered ? 'No test digits with this true and predicted class. Pick another cell or show all.' : 'This run classified every test digit correctly.'}
          </p>
        ) : (
          <VirtualDigitGrid
            testId="gallery-grid"
            items={digits}
            keyOf={(d) => d.index}
            stale={query.isPlaceholderData}
            renderTile={(d) => <DigitTile digit={d} selected={selected?.index === d.index} onSelect={setSelected} />}
          />
        )}
      </div>
    </section>
  );
}

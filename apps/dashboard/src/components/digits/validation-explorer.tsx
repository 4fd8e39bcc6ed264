'use client';
// The explorer's validation view: the runs' validation digits named by training image (runs of one seed and split hold
// the same ones), per digit right at each run's last epoch, the most common mistake, and when the runs learned it.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from '../common/app-link';
import { AGREEMENTS, CONFIDENCES, explorerRows, VALIDATION_SORTS, type ExplorerState } from '../../lib/digit-explorer';
import { formatInteger, formatPercent } from '../../lib/format';
import { useTRPC } from '../../trpc/react';
import { ErrorState, LoadingBlock } from '../common/states';
import { AGREEMENT_LABELS, CONFIDENCE_LABELS, VALIDATION_SORT_LABELS } from './explorer-labels';
import { Choice, LabelSelect } from './explorer-controls';
import { ValidationTable } from './validation-table';
import styles from './digits.module.css';

interface Props {
  state: ExplorerState;
  update: (patch: Partial<ExplorerState>) => void;
}

export function ValidationExplorer({ state, update }: Props) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.digits.validation.queryOptions(state.sweepId ? { sweepId: state.sweepId } : { runIds: state.runIds }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const runs = query.data?.runs.length ?? 0;
  const { label, agreement, confidence, sort } = state;
  const order = useMemo(
    () => (query.data ? explorerRows(query.data.digits, runs, { label, agreement, confidence, sort }) : new Int32Array(0)),
    [query.data, runs, label, agreement, confidence, sort],
  );

  if (query.isPending) return <LoadingBlock height={400} label="Loading the validation digits" />;
  if (query.isError) return <ErrorState title="Could not load the validation digits" error={query.error} retry={() => void query.refetch()} />;
  const data = query.data;
  const total = data.digits.sourceIndex.length;
  const inAll = data.digits.held.filter((h) => h === runs).length;
  const mean = data.runs.reduce((s, r) => s + r.accuracy, 0) / Math.max(1, runs);

  return (
    <>
      <h1 className={styles.title}>
        The {formatInteger(total)} validation digits of {runs} {runs === 1 ? 'run' : 'runs'}
      </h1>
      <p className="muted">
        Named by training image · {runs > 1 && `${formatInteger(inAll)} in every run's set · `}mean validation accuracy at each run&apos;s last epoch{' '}
        {formatPercent(mean, 2)} ·{' '}
        {data.runs.slice(0, 12).map((r, k) => (
          <span key={r.id}>
            {k > 0 && ', '}
            <Link href={`/runs/${r.id}?set=validation`}>{r.name}</Link> <span className="num">(epoch {r.lastEpoch})</span>
          </span>
        ))}
        {runs > 12 && ` and ${runs - 12} more`}
      </p>
      {data.skipped.length > 0 && (
        <p className="muted" data-testid="skipped-runs">
          Skipped {data.skipped.length} {data.skipped.length === 1 ? 'run' : 'runs'}: {data.skipped.slice(0, 8).map((s) => `${s.name} (${s.why})`).join(', ')}
          {data.skipped.length > 8 && ` and ${data.skipped.length - 8} more`}
        </p>
      )}
      {data.imagesNote && (
        <p className="muted" data-testid="images-note">
          {data.imagesNote}
        </p>
      )}

      <section className="card section">
        <header className="card-header">
          <h2>Validation digits</h2>
          <span className="count" data-testid="explorer-count">
            {order.length === total ? formatInteger(total) : `${formatInteger(order.length)} of ${formatInteger(total)}`}
          </span>
          <span className="spacer" />
          <LabelSelect value={state.label} onChange={(l) => update({ label: l })} />
          <Choice label="Agreement" value={state.agreement} choices={AGREEMENTS} names={AGREEMENT_LABELS} onChange={(a) => update({ agreement: a })} />
          <Choice label="Confidence" value={state.confidence} choices={CONFIDENCES} names={CONFIDENCE_LABELS} onChange={(c) => update({ confidence: c })} />
          <Choice label="Sort" value={state.sort} choices={VALIDATION_SORTS} names={VALIDATION_SORT_LABELS} onChange={(s) => update({ sort: s })} />
        </header>
        <div className="card-body">
          {order.length === 0 ? (
            <p className="muted">No validation digit passes these filters.</p>
          ) : (
            <ValidationTable digits={data.digits} runs={runs} runIds={data.runs.map((r) => r.id)} order={order} />
          )}
        </div>
      </section>
    </>
  );
}

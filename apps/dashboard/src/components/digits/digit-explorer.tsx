'use client';
// The digit explorer: the 10,000 test digits across the chosen runs (or a sweep's), per digit how many runs get it right,
// the most common wrong label and the mean confidence; filtered, sorted, and the digits the file likely mislabels. Its
// switch turns to the runs' validation digits (validation-explorer).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from '../common/app-link';
import { AGREEMENTS, CONFIDENCES, explorerRows, TEST_SORTS, type ExplorerState } from '../../lib/digit-explorer';
import { formatInteger, formatPercent } from '../../lib/format';
import { useTRPC } from '../../trpc/react';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { Choice, LabelSelect, SetSwitch } from './explorer-controls';
import { AGREEMENT_LABELS, CONFIDENCE_LABELS, SORT_LABELS } from './explorer-labels';
import { ExplorerTable } from './explorer-table';
import { MislabeledList } from './mislabeled-list';
import { useExplorerState } from './use-explorer-state';
import { ValidationExplorer } from './validation-explorer';
import styles from './digits.module.css';

export function DigitExplorer() {
  const [state, update] = useExplorerState();
  const chosen = Boolean(state.sweepId) || state.runIds.length > 0;
  if (!chosen) {
    return (
      <EmptyState title="No runs chosen">
        <p>
          Open this page from a <Link href="/compare">comparison</Link>, or with a link such as <code>/digits?runs=&lt;id&gt;,&lt;id&gt;</code> or{' '}
          <code>/digits?sweep=&lt;id&gt;</code>.
        </p>
      </EmptyState>
    );
  }
  return (
    <div data-testid="digit-explorer">
      <div className={styles.top}>
        <div className="breadcrumb">
          <Link href="/">Runs</Link> / Digit explorer
        </div>
        <SetSwitch state={state} update={update} />
      </div>
      {state.set === 'validation' ? <ValidationExplorer state={state} update={update} /> : <TestDigits state={state} update={update} />}
    </div>
  );
}

function TestDigits({ state, update }: { state: ExplorerState; update: (patch: Partial<ExplorerState>) => void }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.digits.explore.queryOptions({
      ...(state.sweepId ? { sweepId: state.sweepId } : { runIds: state.runIds }),
      mislabeledShare: state.mislabeledShare,
      mislabeledConfidence: state.mislabeledConfidence,
    }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const runs = query.data?.runs.length ?? 0;
  const { label, agreement, confidence, sort } = state;
  const order = useMemo(
    () => (query.data ? explorerRows(query.data.digits, runs, { label, agreement, confidence, sort }) : new Int32Array(0)),
    [query.data, runs, label, agreement, confidence, sort],
  );

  if (query.isPending) return <LoadingBlock height={400} label="Loading the test digits" />;
  if (query.isError) return <ErrorState title="Could not load the test digits" error={query.error} retry={() => void query.refetch()} />;
  const data = query.data;
  const runIds = data.runs.map((r) => r.id);
  const mean = data.runs.reduce((s, r) => s + r.accuracy, 0) / Math.max(1, runs);

  return (
    <>
      <h1 className={styles.title}>The 10,000 test digits across {runs} runs</h1>
      <p className="muted">
        Mean test accuracy {formatPercent(mean, 2)}
        {data.skippedRuns > 0 && ` · ${data.skippedRuns} runs of the sweep left out (no stored predictions)`} ·{' '}
        {data.runs.slice(0, 12).map((r, k) => (
          <span key={r.id}>
            {k > 0 && ', '}
            <Link href={`/runs/${r.id}`}>{r.name}</Link>
          </span>
        ))}
        {runs > 12 && ` and ${runs - 12} more`}
      </p>
      {data.imagesNote && (
        <p className="muted" data-testid="images-note">
          {data.imagesNote}
        </p>
      )}

      <div className="section">
        <MislabeledList
          digits={data.digits}
          mislabeled={data.mislabeled}
          runs={runs}
          runIds={runIds}
          share={state.mislabeledShare}
          confidence={state.mislabeledConfidence}
          onChange={(mislabeledShare, mislabeledConfidence) => update({ mislabeledShare, mislabeledConfidence })}
        />
      </div>

      <section className="card section">
        <header className="card-header">
          <h2>Test digits</h2>
          <span className="count" data-testid="explorer-count">
            {order.length === data.digits.trueLabel.length ? formatInteger(order.length) : `${formatInteger(order.length)} of ${formatInteger(data.digits.trueLabel.length)}`}
          </span>
          <span className="spacer" />
          <LabelSelect value={state.label} onChange={(label) => update({ label })} />
          <Choice label="Agreement" value={state.agreement} choices={AGREEMENTS} names={AGREEMENT_LABELS} onChange={(agreement) => update({ agreement })} />
          <Choice label="Confidence" value={state.confidence} choices={CONFIDENCES} names={CONFIDENCE_LABELS} onChange={(confidence) => update({ confidence })} />
          <Choice label="Sort" value={state.sort} choices={TEST_SORTS} names={SORT_LABELS} onChange={(sort) => update({ sort })} />
        </header>
        <div className="card-body">
          {order.length === 0 ? (
            <p className="muted">No test digit passes these filters.</p>
          ) : (
            <ExplorerTable digits={data.digits} runs={runs} runIds={runIds} order={order} />
          )}
        </div>
      </section>
    </>
  );
}

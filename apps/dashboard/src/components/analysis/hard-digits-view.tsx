'use client';
// The hard-digits page: the test digits nearly every chosen run (or every run of a sweep, or every group of runs voting as
// one) gets wrong, and what they become.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '../common/app-link';
import { formatInteger, formatPercent } from '../../lib/format';
import { SHARE_CHOICES } from '../../lib/hard-digits-state';
import { useTRPC } from '../../trpc/react';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { HardDigitTile } from './hard-digit-tile';
import type { HardDigits } from './types';
import { useHardDigitsState } from './use-hard-digits-state';
import styles from './analysis.module.css';
import digits from '../run/digits.module.css';

/** Enough tiles to see the pattern; the count above says how many more there are. */
const LIMIT = 1_000;

/** How many voters the counts are over, and what they are: runs, or groups of runs (each its majority vote). */
function voters(data: HardDigits): { n: number; noun: string } {
  return data.groups ? { n: data.groups.length, noun: 'groups' } : { n: data.runs.length, noun: 'runs' };
}

function MissedBy({ data }: { data: HardDigits }) {
  const { n, noun } = voters(data);
  const rows = data.missedBy.map((count, k) => ({ k, count })).filter((r) => r.k > 0);
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <div className={styles.missed} data-testid="missed-by">
      <h3 className={styles.subtitle}>
        Test digits by how many of the {n} {noun} miss them{data.groups ? " (each group's majority vote)" : ''}
      </h3>
      <ul>
        {rows.map((r) => (
          <li key={r.k} className={r.k / n >= data.minShare - 1e-9 ? styles.hard : undefined}>
            <span className={`num ${styles.missedK}`}>{r.k === n ? `all ${n}` : `${r.k} of ${n}`}</span>
            <span className={digits.track}>
              <span className={`${digits.fill} ${styles.missedFill}`} style={{ width: `${(r.count / max) * 100}%` }} />
            </span>
            <span className="num">{formatInteger(r.count)}</span>
          </li>
        ))}
      </ul>
      <p className="muted">
        {formatInteger(data.missedBy[0])} digits no {data.groups ? 'group' : 'run'} gets wrong.
      </p>
    </div>
  );
}

export function HardDigitsView() {
  const trpc = useTRPC();
  const [state, update] = useHardDigitsState();
  const source = state.sweepId ? { sweepId: state.sweepId } : state.groups ? { groups: state.groups } : { runIds: state.runIds };
  const chosen = Boolean(state.sweepId) || state.runIds.length > 0 || Boolean(state.groups);
  const query = useQuery({
    ...trpc.analysis.hardDigits.queryOptions({ ...source, minShare: state.minShare, limit: LIMIT }),
    enabled: chosen,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const sweep = useQuery({ ...trpc.sweeps.get.queryOptions({ id: state.sweepId ?? '' }), enabled: Boolean(state.sweepId) });

  if (!chosen) {
    return (
      <EmptyState title="No runs chosen">
        <p>
          Open this page from a <Link href="/compare">comparison</Link> or a sweep, or with a link such as{' '}
          <code>/hard-digits?runs=&lt;id&gt;,&lt;id&gt;</code> or <code>/hard-digits?sweep=&lt;id&gt;</code>.
        </p>
      </EmptyState>
    );
  }
  const data = query.data;
  const from = state.sweepId
    ? `sweep ${sweep.data?.name ?? state.sweepId.slice(0, 8)}`
    : state.groups
      ? `${state.groups.length} groups (${state.groups.flat().length} runs)`
      : `${state.runIds.length} chosen runs`;
  const compared = state.groups ? state.groups.flat() : state.runIds;
  const backHref = `/compare?runs=${compared.join(',')}${state.groups && state.groupBy ? `&group=${state.groupBy}` : ''}`;
  const count = data ? voters(data) : undefined;

  return (
    <>
      <div className="page-header">
        <h1>Hard digits</h1>
        <span className="count" data-testid="hard-count">
          {data ? `${formatInteger(data.total)} ${data.total === 1 ? 'digit' : 'digits'}` : ''}
        </span>
        <span className="spacer" />
        {compared.length > 0 && !state.sweepId && (
          <Link className="btn" href={backHref}>
            ← Compare
          </Link>
        )}
      </div>
      <div className={`card ${styles.toolbar}`}>
        <span>
          Test digits that at least{' '}
          <select
            className="select"
            aria-label="Minimum share of runs"
            data-testid="share-select"
            value={String(state.minShare)}
            onChange={(e) => update({ minShare: Number(e.target.value) })}
          >
            {[...new Set([...SHARE_CHOICES, state.minShare])].sort().map((s) => (
              <option key={s} value={String(s)}>
                {formatPercent(s, 0)}
              </option>
            ))}
          </select>{' '}
          of the {count ? (data?.groups ? `${count.n} groups' majority votes` : `${count.n} finished runs`) : 'runs'} of {from} get wrong, most-missed first.
        </span>
        {data && data.skippedRuns > 0 && (
          <span className="muted">
            {data.skippedRuns} {data.skippedRuns === 1 ? 'run has' : 'runs have'} no test predictions yet (unfinished or failed) and {data.skippedRuns === 1 ? 'is' : 'are'} left out.
          </span>
        )}
      </div>
      {query.isPending ? (
        <LoadingBlock height={300} label="Counting misses across runs" />
      ) : query.isError || !data ? (
        <ErrorState title="Could not find the hard digits" error={query.error} retry={() => void query.refetch()} />
      ) : (
        <div className={`section ${styles.hdLayout}`}>
          <section className="card">
            <div className="card-body">
              <MissedBy data={data} />
            </div>
          </section>
          <section className="card" data-testid="hard-gallery">
            <header className="card-header">
              <h2>
                Missed by {formatPercent(state.minShare, 0)} of the {data.groups ? 'groups' : 'runs'} or more
              </h2>
              <span className="count">{data.digits.length < data.total ? `first ${formatInteger(data.digits.length)} of ${formatInteger(data.total)}` : ''}</span>
            </header>
            <div className="card-body">
              {data.digits.length === 0 ? (
                <p className={`muted ${styles.empty}`}>No test digit is missed by that many of the runs. Lower the share to see the hardest ones.</p>
              ) : (
                <div className={[digits.grid, styles.hdGrid, query.isPlaceholderData && digits.stale].filter(Boolean).join(' ')}>
                  {data.digits.map((d) => (
                    <HardDigitTile key={d.index} digit={d} runCount={voters(data).n} />
                  ))}
                </div>
              )}
            </div>
          </section>
        </div>
      )}
    </>
  );
}

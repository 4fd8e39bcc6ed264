'use client';
// "What changed" between two runs, or two groups' majority votes: the digits B fixed, newly broke and still gets wrong,
// and the confusion difference.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { DIFF_TABS, TAB_TITLES, findCell, pick, tabCount, tabIndices, type DiffTab } from '../../lib/diff-gallery';
import { signed } from '../../lib/diff-scale';
import { formatInteger } from '../../lib/format';
import { useTRPC } from '../../trpc/react';
import { ErrorState, LoadingBlock } from '../common/states';
import { useEscape } from '../common/use-escape';
import { DiffDigitTile } from './diff-digit-tile';
import { DiffHeatmap } from './diff-heatmap';
import type { DiffDigit, RunDiff } from './types';
import styles from './analysis.module.css';
import tiles from '../run/digits.module.css';

export interface DiffSide {
  id: string;
  name: string;
  color: string;
  /** A group's runs: the side is their majority vote per digit (analysis.groupDiff). */
  runIds?: string[];
}

const HINTS: Record<DiffTab, string> = {
  fixed: 'wrong in A, right in B',
  broke: 'right in A, wrong in B',
  stillWrong: 'wrong in both',
};

function netSentence(d: RunDiff): string {
  const net = d.counts.fixed - d.counts.broke;
  if (net === 0) return 'B gets as many test digits right as A.';
  const points = ((Math.abs(net) / d.total) * 100).toFixed(2);
  return `B gets ${formatInteger(Math.abs(net))} ${net > 0 ? 'more' : 'fewer'} test digits right (${net > 0 ? '+' : '−'}${points} points).`;
}

function Grid({ digits, testId }: { digits: DiffDigit[]; testId: string }) {
  if (digits.length === 0) return <p className={`muted ${styles.empty}`}>None.</p>;
  return (
    <div className={`${tiles.grid} ${styles.ddGrid}`} data-testid={testId}>
      {digits.map((d) => (
        <DiffDigitTile key={d.index} digit={d} />
      ))}
    </div>
  );
}

export function WhatChanged({ a, b }: { a: DiffSide; b: DiffSide }) {
  const trpc = useTRPC();
  const [swapped, setSwapped] = useState(false);
  const [tab, setTab] = useState<DiffTab>('fixed');
  const [cell, setCell] = useState<{ trueLabel: number; predictedLabel: number } | null>(null);
  const [first, second] = swapped ? [b, a] : [a, b];
  const groups = first.runIds !== undefined && second.runIds !== undefined;
  const runQuery = useQuery({ ...trpc.analysis.diff.queryOptions({ a: first.id, b: second.id }), staleTime: Infinity, enabled: !groups });
  const groupQuery = useQuery({
    ...trpc.analysis.groupDiff.queryOptions({ a: first.runIds ?? [], b: second.runIds ?? [] }),
    staleTime: Infinity,
    enabled: groups,
  });
  const query = groups ? groupQuery : runQuery;
  const diff: RunDiff | undefined = query.data;
  const byIndex = useMemo(() => new Map((diff?.digits ?? []).map((d) => [d.index, d])), [diff]);
  const chosen = diff && cell ? findCell(diff.cells, cell.trueLabel, cell.predictedLabel) : undefined;
  // A chosen cell's digits replace the groups: Escape goes back to them, as "Show the groups" does.
  useEscape(chosen !== undefined, () => setCell(null));

  return (
    <section className="card section" data-testid="what-changed">
      <header className="card-header">
        <h2>What changed</h2>
        {groups && <span className="muted">majority vote of each group</span>}
        <span className={styles.runs}>
          <span className="run-dot" style={{ background: first.color }} /> A {first.name}
          <span className={styles.arrow}> → </span>
          <span className="run-dot" style={{ background: second.color }} /> B {second.name}
        </span>
        <span className="spacer" />
        {diff && <span className="muted" data-testid="wc-net">{netSentence(diff)}</span>}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setSwapped((s) => !s);
            setCell(null);
          }}
        >
          Swap A and B
        </button>
      </header>
      <div className="card-body">
        {query.isPending ? (
          <LoadingBlock height={360} label="Comparing the runs digit by digit" />
        ) : query.isError || !diff ? (
          <ErrorState title="Could not compare the runs digit by digit" error={query.error} retry={() => void query.refetch()} />
        ) : (
          <div className={styles.layout}>
            <div>
              <h3 className={styles.subtitle}>Confusion matrix, B − A</h3>
              <DiffHeatmap
                diff={diff}
                selected={cell}
                onSelect={(trueLabel, predictedLabel) =>
                  setCell((c) => (c?.trueLabel === trueLabel && c.predictedLabel === predictedLabel ? null : { trueLabel, predictedLabel }))
                }
              />
            </div>
            <div className={styles.gallery}>
              <div className={`segmented ${styles.tabs}`} role="group" aria-label="Groups of digits">
                {DIFF_TABS.map((t) => (
                  <button
                    key={t}
                    type="button"
                    aria-pressed={!cell && tab === t}
                    data-testid={`wc-tab-${t}`}
                    title={HINTS[t]}
                    onClick={() => {
                      setTab(t);
                      setCell(null);
                    }}
                  >
                    {TAB_TITLES[t]} <span className="num" data-testid={`wc-count-${t}`}>{tabCount(diff.groups, t)}</span>
                  </button>
                ))}
              </div>
              {chosen ? (
                <>
                  <p className={styles.caption} data-testid="wc-cell-caption">
                    True {chosen.trueLabel}, predicted {chosen.predictedLabel}: {signed(chosen.delta)} ({chosen.into.length} moved in,{' '}
                    {chosen.outOf.length} moved out).{' '}
                    <button type="button" className="btn-link" onClick={() => setCell(null)}>
                      Show the groups
                    </button>
                  </p>
                  <h3 className={styles.subtitle}>
                    Moved in <span className="count">{chosen.into.length}</span>
                    <span className="muted"> B predicts {chosen.predictedLabel}, A did not</span>
                  </h3>
                  <Grid digits={pick(byIndex, chosen.into)} testId="wc-moved-in" />
                  <h3 className={styles.subtitle}>
                    Moved out <span className="count">{chosen.outOf.length}</span>
                    <span className="muted"> A predicted {chosen.predictedLabel}, B does not</span>
                  </h3>
                  <Grid digits={pick(byIndex, chosen.outOf)} testId="wc-moved-out" />
                </>
              ) : (
                <>
                  <p className={styles.caption}>
                    {TAB_TITLES[tab]}: {HINTS[tab]}
                    {tab === 'stillWrong' &&
                      ` (${diff.counts.stillWrongSame} with the same wrong label, ${diff.counts.stillWrongDifferent} with different ones)`}
                    .
                  </p>
                  <Grid digits={pick(byIndex, tabIndices(diff.groups, tab))} testId="wc-group" />
                </>
              )}
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

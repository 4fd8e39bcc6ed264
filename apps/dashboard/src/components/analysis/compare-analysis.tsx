'use client';
// The compare page's digit-level section: what changed between two runs, whether two groups' gap is real, hard digits.
import { Link } from '../common/app-link';
import { hardDigitsHref } from '../../lib/hard-digits-state';
import type { RunDetail } from '../../trpc/types';
import { GapPanel } from './gap-panel';
import { WhatChanged } from './what-changed';
import styles from './analysis.module.css';

export interface ComparedRun {
  id: string;
  name: string;
  color: string;
  detail?: RunDetail;
}

export function CompareAnalysis({ runs }: { runs: ComparedRun[] }) {
  if (runs.length < 2 || runs.some((r) => !r.detail)) return null;
  const ready = runs.filter((r) => r.detail?.hasPredictions);
  const waiting = runs.length - ready.length;
  return (
    <>
      <div className={`section-title ${styles.sectionTitle}`}>
        <h2>Digit by digit</h2>
        <span className="spacer" />
        {ready.length >= 2 && (
          <Link href={hardDigitsHref({ runIds: ready.map((r) => r.id) })} data-testid="hard-digits-link">
            Digits nearly all of these runs miss →
          </Link>
        )}
      </div>
      {waiting > 0 && (
        <div className="banner banner-info section">
          {waiting === 1 ? 'One run has' : `${waiting} runs have`} no test predictions yet: digit-level comparisons appear once a run has finished its
          test evaluation.
        </div>
      )}
      {runs.length === 2 && ready.length === 2 && <WhatChanged a={runs[0]} b={runs[1]} />}
      {ready.length >= 2 && (
        <GapPanel
          runs={ready.map((r) => ({
            id: r.id,
            name: r.name,
            color: r.color,
            seed: r.detail?.seed ?? null,
            config: r.detail?.config ?? {},
          }))}
        />
      )}
    </>
  );
}

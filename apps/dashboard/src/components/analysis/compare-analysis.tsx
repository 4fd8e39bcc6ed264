'use client';
// The compare page's digit-level section: what changed between two runs (or two groups' majority votes), whether two
// groups' gap is real, hard digits (each group voting as one when grouped).
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

/** A group of the comparison: its label and color, and its runs in comparison order. */
export interface ComparedGroup {
  key: string;
  label: string;
  color: string;
  runIds: string[];
}

export function CompareAnalysis({ runs, groups = [], groupBy }: { runs: ComparedRun[]; groups?: ComparedGroup[]; groupBy?: string }) {
  if (runs.length < 2 || runs.some((r) => !r.detail)) return null;
  const ready = runs.filter((r) => r.detail?.hasPredictions);
  const waiting = runs.length - ready.length;
  const readyIds = new Set(ready.map((r) => r.id));
  // Only runs with predictions vote; a group none of whose runs has any yet sits out.
  const readyGroups = groups.map((g) => ({ ...g, runIds: g.runIds.filter((id) => readyIds.has(id)) })).filter((g) => g.runIds.length > 0);
  const grouped = readyGroups.length >= 2;
  const hardHref = grouped ? hardDigitsHref({ groups: readyGroups.map((g) => g.runIds), groupBy }) : hardDigitsHref({ runIds: ready.map((r) => r.id) });
  return (
    <>
      <div className={`section-title ${styles.sectionTitle}`}>
        <h2>Digit by digit</h2>
        <span className="spacer" />
        {ready.length >= 2 && (
          <Link href={hardHref} data-testid="hard-digits-link">
            {grouped ? "Digits nearly all of these groups' votes miss →" : 'Digits nearly all of these runs miss →'}
          </Link>
        )}
      </div>
      {waiting > 0 && (
        <div className="banner banner-info section">
          {waiting === 1 ? 'One run has' : `${waiting} runs have`} no test predictions yet: digit-level comparisons appear once a run has finished its
          test evaluation.
        </div>
      )}
      {grouped && readyGroups.length === 2 ? (
        <WhatChanged
          a={{ id: readyGroups[0].key, name: readyGroups[0].label, color: readyGroups[0].color, runIds: readyGroups[0].runIds }}
          b={{ id: readyGroups[1].key, name: readyGroups[1].label, color: readyGroups[1].color, runIds: readyGroups[1].runIds }}
        />
      ) : (
        !grouped && runs.length === 2 && ready.length === 2 && <WhatChanged a={runs[0]} b={runs[1]} />
      )}
      {ready.length >= 2 && (
        <GapPanel
          key={grouped ? readyGroups.map((g) => g.key).join('|') : 'runs'}
          groups={grouped ? readyGroups : undefined}
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

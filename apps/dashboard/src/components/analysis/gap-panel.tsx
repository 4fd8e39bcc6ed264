'use client';
// "Is the gap real?": the chosen runs as two sides (configurations across seeds; when the comparison is grouped, each of
// its groups goes to a side whole), their accuracy gap, its CI and McNemar.
import { useQuery } from '@tanstack/react-query';
import type { RunConfig } from '@mnist-lab/contracts';
import { useMemo, useState } from 'react';
import { formatNumber } from '../../lib/format';
import { defaultSides, type Side } from '../../lib/run-groups';
import { useTRPC } from '../../trpc/react';
import { ErrorState, LoadingBlock } from '../common/states';
import type { Gap } from './types';
import styles from './analysis.module.css';
import header from '../common/entity-header.module.css';

export interface GapRun {
  id: string;
  name: string;
  color: string;
  /** Null for a run whose config holds no integer seed. */
  seed: number | null;
  config: RunConfig;
}

const points = (x: number) => x.toFixed(2);
const pValue = (p: number) => (p < 0.001 ? '< 0.001' : formatNumber(p, 2));

/** A group of the comparison, put on a side whole. */
export interface GapGroupChoice {
  key: string;
  label: string;
  color: string;
  runIds: string[];
}

interface Choice {
  id: string;
  name: string;
  color: string;
  note: string;
}

function SideChooser({ runs, sides, onChange }: { runs: Choice[]; sides: Record<string, Side>; onChange: (id: string, side: Side | undefined) => void }) {
  return (
    <ul className={styles.sides}>
      {runs.map((r) => (
        <li key={r.id}>
          <span className="run-dot" style={{ background: r.color }} />
          <span className={styles.sideName}>{r.name}</span>
          <span className="muted num">{r.note}</span>
          <span className="segmented" role="group" aria-label={`Group of ${r.name}`}>
            {(['a', 'b'] as const).map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={sides[r.id] === s}
                data-testid={`gap-side-${s}-${r.id}`}
                onClick={() => onChange(r.id, sides[r.id] === s ? undefined : s)}
              >
                {s.toUpperCase()}
              </button>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}

function GroupSummary({ label, group }: { label: string; group: Gap['a'] }) {
  return (
    <div className={header.stat}>
      <div className={header.statLabel}>
        Group {label} · {group.runs.length} {group.runs.length === 1 ? 'run' : 'runs'}
      </div>
      <div className={`num ${header.statValue}`}>{group.meanAccuracy.toFixed(2)}%</div>
      <div className="muted num">{group.sd === null ? 'one seed: no spread' : `± ${group.sd.toFixed(2)} sd across seeds`}</div>
    </div>
  );
}

function GapResult({ gap, names }: { gap: Gap; names: Map<string, string> }) {
  const verdictClass = gap.verdict === 'larger-than-seed-noise' ? styles.real : gap.verdict === 'within-seed-noise' ? styles.noise : '';
  return (
    <>
      <p className={`${styles.sentence} ${verdictClass}`} data-testid="gap-sentence" data-verdict={gap.verdict}>
        {gap.sentence}
      </p>
      <div className={`${header.stats} ${styles.gapStats}`}>
        <GroupSummary label="A" group={gap.a} />
        <GroupSummary label="B" group={gap.b} />
        <div className={header.stat}>
          <div className={header.statLabel}>B − A</div>
          <div className={`num ${header.statValue}`} data-testid="gap-difference">
            {gap.difference >= 0 ? '+' : '−'}
            {points(Math.abs(gap.difference))} pts
          </div>
          <div className="muted num" title={gap.ciNote ?? undefined}>
            {gap.ci
              ? `95% CI ${points(gap.ci.low)} to ${points(gap.ci.high)}${gap.ci.df ? ` (Welch, df ${gap.ci.df.toFixed(1)})` : ''}`
              : 'no 95% CI: needs 2+ seeds per group'}
          </div>
        </div>
        <div className={header.stat}>
          <div className={header.statLabel}>McNemar {gap.mcnemar.on === 'majority-vote' ? '(majority votes)' : '(paired digits)'}</div>
          <div className={`num ${header.statValue}`} data-testid="gap-p">p {pValue(gap.mcnemar.p)}</div>
          <div className="muted num">
            only A right {gap.mcnemar.onlyFirst} · only B right {gap.mcnemar.onlySecond}
          </div>
        </div>
      </div>
      {gap.pairs.length > 0 && (
        <div className="table-wrap section">
          <table className="table">
            <thead>
              <tr>
                <th>Seed</th>
                <th>A</th>
                <th>B</th>
                <th className="numeric">only A right</th>
                <th className="numeric">only B right</th>
                <th className="numeric">McNemar p</th>
              </tr>
            </thead>
            <tbody>
              {gap.pairs.map((p) => (
                <tr key={`${p.a}-${p.b}`}>
                  <td className="num">{p.seed}</td>
                  <td>{names.get(p.a)}</td>
                  <td>{names.get(p.b)}</td>
                  <td className="numeric num">{p.onlyFirst}</td>
                  <td className="numeric num">{p.onlySecond}</td>
                  <td className="numeric num">{pValue(p.p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function GapPanel({ runs, groups }: { runs: GapRun[]; groups?: GapGroupChoice[] }) {
  const trpc = useTRPC();
  // Grouped, the choices are the groups (the first two start as A and B); otherwise the runs, split by configuration.
  const choices: Choice[] = useMemo(
    () =>
      groups
        ? groups.map((g) => ({ id: g.key, name: g.label, color: g.color, note: `${g.runIds.length} ${g.runIds.length === 1 ? 'run' : 'runs'}` }))
        : runs.map((r) => ({ id: r.id, name: r.name, color: r.color, note: r.seed == null ? 'no seed' : `seed ${r.seed}` })),
    [groups, runs],
  );
  const initial = useMemo((): Record<string, Side> => (groups ? (groups.length >= 2 ? { [groups[0].key]: 'a', [groups[1].key]: 'b' } : {}) : defaultSides(runs)), [groups, runs]);
  const [chosen, setChosen] = useState<Record<string, Side | undefined> | null>(null);
  const sides = (chosen ?? initial) as Record<string, Side>;
  const members = (side: Side) =>
    groups ? groups.filter((g) => sides[g.key] === side).flatMap((g) => g.runIds) : runs.filter((r) => sides[r.id] === side).map((r) => r.id);
  const a = members('a');
  const b = members('b');
  const ready = a.length > 0 && b.length > 0;
  const query = useQuery({ ...trpc.analysis.gap.queryOptions({ a, b }), enabled: ready, staleTime: Infinity });
  const names = new Map(runs.map((r) => [r.id, r.name]));

  return (
    <section className="card section" data-testid="gap-panel">
      <header className="card-header">
        <h2>Is the gap real?</h2>
        <span className="muted">
          {groups
            ? 'Put each group on side A or B.'
            : chosen === null && Object.keys(initial).length > 0
              ? 'Runs grouped by identical configs except the seed.'
              : 'Put each run in group A or B.'}
        </span>
      </header>
      <div className={`card-body ${styles.gapLayout}`}>
        <SideChooser runs={choices} sides={sides} onChange={(id, side) => setChosen({ ...sides, [id]: side })} />
        <div>
          {!ready ? (
            <p className="muted">Choose at least one run for A and one for B: the difference is B − A.</p>
          ) : query.isPending ? (
            <LoadingBlock height={120} label="Testing the gap" />
          ) : query.isError ? (
            <ErrorState title="Could not test the gap" error={query.error} retry={() => void query.refetch()} />
          ) : (
            <GapResult gap={query.data} names={names} />
          )}
        </div>
      </div>
    </section>
  );
}

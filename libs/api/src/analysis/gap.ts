// analysis.gap: is group B's accuracy really different from group A's, or within what another seed would give?
import type { Db } from '@mnist-lab/db';
import type { GapRequest } from '@mnist-lab/contracts';
import { gapSentence, gapVerdict, type GapVerdict } from './gap-sentence';
import { discordant, majorityVote, pairBySeed } from './majority-vote';
import { loadPredictions, summarize, trueLabels, type RunSummary } from './run-predictions';
import { mcnemarExact, type McNemarResult } from './stats/binomial';
import { mean, sampleVariance, welchInterval } from './stats/welch';

export interface GapGroup {
  runs: RunSummary[];
  /** Mean test accuracy in percent. */
  meanAccuracy: number;
  /** Sample standard deviation across the group's runs, in points; null with one run. */
  sd: number | null;
}

export interface GapPair extends McNemarResult {
  a: string;
  b: string;
  seed: number | null;
}

export interface Gap {
  a: GapGroup;
  b: GapGroup;
  /** mean(B) - mean(A), in accuracy points. */
  difference: number;
  /** The 95% Welch t-interval of the difference across seeds; null with a reason when a group has one run. */
  ci: { level: 0.95; low: number; high: number; df: number | null } | null;
  ciNote: string | null;
  /** On the shared test digits: the two runs, or the two groups' majority votes; onlyFirst is A, onlySecond is B. */
  mcnemar: McNemarResult & { on: 'runs' | 'majority-vote'; digits: number };
  /** One McNemar test per pair of runs that share a seed, when the groups have more than one run. */
  pairs: GapPair[];
  verdict: GapVerdict;
  sentence: string;
}

function group(runs: RunSummary[]): GapGroup {
  const acc = runs.map((r) => r.accuracy * 100);
  const variance = sampleVariance(acc);
  return { runs, meanAccuracy: mean(acc), sd: variance === undefined ? null : Math.sqrt(variance) };
}

export async function gap(db: Db, input: GapRequest): Promise<Gap> {
  const all = await loadPredictions(db, [...input.a, ...input.b]);
  const a = all.slice(0, input.a.length);
  const b = all.slice(input.a.length);
  const truth = trueLabels(all);
  const ga = group(a.map(summarize));
  const gb = group(b.map(summarize));
  const interval = welchInterval(
    ga.runs.map((r) => r.accuracy * 100),
    gb.runs.map((r) => r.accuracy * 100),
  );
  const single = a.length === 1 && b.length === 1;
  const votes = discordant(truth, majorityVote(a), majorityVote(b));
  const mcnemar = { ...mcnemarExact(votes.onlyFirst, votes.onlySecond), on: single ? ('runs' as const) : ('majority-vote' as const), digits: truth.length };
  const pairs = single
    ? []
    : pairBySeed(a, b).map(([ra, rb]): GapPair => {
        const d = discordant(truth, ra.labels, rb.labels);
        return { a: ra.id, b: rb.id, seed: ra.seed, ...mcnemarExact(d.onlyFirst, d.onlySecond) };
      });
  return {
    a: ga,
    b: gb,
    difference: interval.difference,
    ci: interval.defined ? { level: 0.95, low: interval.low, high: interval.high, df: interval.df } : null,
    ciNote: interval.defined ? null : interval.reason,
    mcnemar,
    pairs,
    verdict: gapVerdict(interval),
    sentence: gapSentence({ interval, nA: a.length, nB: b.length, p: mcnemar.p, majorityVote: !single }),
  };
}

// A sweep's progress as the compact bar reads it: finished, pruned, running, failed and queued trials out of those planned.

/** The counts `sweeps.list` and `sweeps.get` return; `finished` includes the pruned trials. */
export interface ProgressCounts {
  queued: number;
  running: number;
  finished: number;
  pruned: number;
  failed: number;
  crashed: number;
  stopped: number;
}

export type SegmentKind = 'finished' | 'pruned' | 'running' | 'failed' | 'stopped' | 'queued';

export interface ProgressSegment {
  kind: SegmentKind;
  label: string;
  count: number;
  /** Share of the bar, 0..1. */
  share: number;
}

export interface ProgressSummary {
  segments: ProgressSegment[];
  /** Trials that ran to their end, pruned ones included: the `2` of `2/6`. */
  done: number;
  /** The `6` of `2/6`: the planned trials, or more when retries of crashed trials pushed the count past them. */
  total: number;
  /** Planned trials no agent has taken yet. */
  notStarted: number;
  /** `2 finished, 1 pruned, 1 running` for a tooltip or a screen reader. */
  text: string;
}

export function summarizeProgress(p: ProgressCounts, planned: number): ProgressSummary {
  const counts: [SegmentKind, string, number][] = [
    ['finished', 'finished', p.finished - p.pruned],
    ['pruned', 'pruned', p.pruned],
    ['running', 'running', p.running],
    // A crashed trial failed as far as the sweep is concerned: its agent went away before it ended.
    ['failed', 'failed', p.failed + p.crashed],
    ['stopped', 'stopped', p.stopped],
    ['queued', 'queued', p.queued],
  ];
  const used = counts.reduce((n, [, , c]) => n + c, 0);
  const total = Math.max(planned, used);
  const segments = counts
    .filter(([, , c]) => c > 0)
    .map(([kind, label, count]) => ({ kind, label, count, share: total > 0 ? count / total : 0 }));
  const left = total - used;
  const parts = segments.map((s) => `${s.count} ${s.label}`);
  if (left > 0) parts.push(`${left} not started`);
  return { segments, done: p.finished, total, notStarted: left, text: parts.join(', ') || 'no trials yet' };
}

// The run page's validation view at one epoch, computed in the browser from the stored bytes (the matrix is
// class-metrics' confusionFrom): the digits to show, wrong at that epoch or picked by a forgetting filter.
/** The gallery's history filters: wrong at every stored epoch, wrong again after being right, right only late. */
export const HISTORY_FILTERS = ['never-learned', 'forgotten', 'learned-late'] as const;
export type HistoryFilter = (typeof HISTORY_FILTERS)[number];

export const HISTORY_LABELS: Record<HistoryFilter, { label: string; title: string }> = {
  'never-learned': { label: 'Never learned', title: 'Wrong at every stored epoch' },
  forgotten: { label: 'Forgotten at least once', title: 'Right at one epoch and wrong at the next, at least once (a forgetting event)' },
  'learned-late': { label: 'Learned late', title: 'Right at every epoch from the second half of training on, and wrong before' },
};

export interface DigitHistory {
  /** Per digit: the first stored epoch from which it is right at every later one; null when wrong at the last. */
  learnedFrom: readonly (number | null)[];
  /** Per digit: right at one stored epoch, wrong at the next. */
  forgettingEvents: readonly number[];
  /** Every stored epoch, ascending. */
  epochs: readonly number[];
}

/** The last epoch of the first half: a digit that stays right only after it was learned late. */
const halfway = (epochs: readonly number[]) => epochs[Math.max(0, Math.ceil(epochs.length / 2) - 1)] ?? 0;

export function historyMatcher(filter: HistoryFilter, h: DigitHistory): (i: number) => boolean {
  const mid = halfway(h.epochs);
  switch (filter) {
    // Wrong at the last epoch and never right-then-wrong: so never right at all.
    case 'never-learned':
      return (i) => h.learnedFrom[i] === null && h.forgettingEvents[i] === 0;
    case 'forgotten':
      return (i) => h.forgettingEvents[i] > 0;
    case 'learned-late':
      return (i) => {
        const from = h.learnedFrom[i];
        return from !== null && from > mid;
      };
  }
}

export interface EpochDigit {
  index: number;
  trueLabel: number;
  predictedLabel: number;
  confidence: number;
  /** Base64 pixels; null when no fetched epoch carried them yet. */
  pixels: string | null;
}

export interface EpochQuery {
  truth: Uint8Array;
  predicted: Uint8Array;
  /** round(c * 255) per digit. */
  confidences: Uint8Array;
  pixels: ReadonlyMap<number, string>;
  trueLabel?: number;
  predictedLabel?: number;
  history?: { filter: HistoryFilter; of: DigitHistory };
  sort: 'confidence-desc' | 'confidence-asc' | 'index';
}

/** The digits the gallery shows: wrong at this epoch, or (with a history filter) every digit it picks, right or not. */
export function epochDigits(q: EpochQuery): EpochDigit[] {
  const picked = q.history ? historyMatcher(q.history.filter, q.history.of) : (i: number) => q.truth[i] !== q.predicted[i];
  const out: EpochDigit[] = [];
  for (let i = 0; i < q.truth.length; i++) {
    if (q.trueLabel !== undefined && q.truth[i] !== q.trueLabel) continue;
    if (q.predictedLabel !== undefined && q.predicted[i] !== q.predictedLabel) continue;
    if (!picked(i)) continue;
    out.push({ index: i, trueLabel: q.truth[i], predictedLabel: q.predicted[i], confidence: q.confidences[i] / 255, pixels: q.pixels.get(i) ?? null });
  }
  if (q.sort === 'confidence-desc') out.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  else if (q.sort === 'confidence-asc') out.sort((a, b) => a.confidence - b.confidence || a.index - b.index);
  return out;
}


/** How many digits each history filter picks, for the filter buttons' counts. */
export function historyCounts(h: DigitHistory): Record<HistoryFilter, number> {
  const counts = { 'never-learned': 0, forgotten: 0, 'learned-late': 0 };
  for (const f of HISTORY_FILTERS) {
    const match = historyMatcher(f, h);
    for (let i = 0; i < h.learnedFrom.length; i++) if (match(i)) counts[f]++;
  }
  return counts;
}

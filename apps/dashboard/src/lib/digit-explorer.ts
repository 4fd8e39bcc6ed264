// The digit explorer's view: its state in the URL (test or validation digits, runs or a sweep, filters, sort) and the
// rows it shows, filtered and sorted.

export interface DigitColumns {
  trueLabel: number[];
  right: number[];
  topWrong: number[];
  topWrongCount: number[];
  meanConfidence: number[];
}

/** Validation digits: not every run holds every one, and each run learned it at some epoch (or never). */
export interface ValidationColumns extends DigitColumns {
  held: number[];
  learnedMin: (number | null)[];
  learnedMedian: (number | null)[];
  learnedMax: (number | null)[];
  learnedNever: number[];
  forgettingEvents: number[];
}

export const DIGIT_SETS = ['test', 'validation'] as const;
export type DigitSet = (typeof DIGIT_SETS)[number];

export const AGREEMENTS = ['any', 'all-right', 'some-wrong', 'most-wrong', 'all-wrong'] as const;
export type Agreement = (typeof AGREEMENTS)[number];
export const CONFIDENCES = ['any', 'low', 'mid', 'high'] as const;
export type ConfidenceBand = (typeof CONFIDENCES)[number];
export const TEST_SORTS = ['agreement-asc', 'agreement-desc', 'confidence-asc', 'confidence-desc', 'index'] as const;
/** Validation digits also sort by when the runs learned them (their median epoch; never learned counts as latest), by
 * how far apart the runs learned them, and by forgetting events. */
export const VALIDATION_SORTS = [...TEST_SORTS, 'learned-desc', 'learned-asc', 'spread-desc', 'forgetting-desc'] as const;
export const SORTS = VALIDATION_SORTS;
export type ExplorerSort = (typeof SORTS)[number];
export const sortsOf = (set: DigitSet): readonly ExplorerSort[] => (set === 'validation' ? VALIDATION_SORTS : TEST_SORTS);

export interface ExplorerState {
  set: DigitSet;
  sweepId?: string;
  runIds: string[];
  label?: number;
  agreement: Agreement;
  confidence: ConfidenceBand;
  sort: ExplorerSort;
  /** "Likely mislabeled": at least this share of the runs call a digit the same other label, at this mean confidence. */
  mislabeledShare: number;
  mislabeledConfidence: number;
}

export const MISLABELED_SHARES = [0.6, 0.7, 0.8, 0.9, 1] as const;
export const MISLABELED_CONFIDENCES = [0.3, 0.5, 0.7, 0.8, 0.9] as const;
const DEFAULT_SHARE = 0.9;
const DEFAULT_CONFIDENCE = 0.8;
const choice = (choices: readonly number[], value: string | null, fallback: number) => {
  const n = Number(value);
  return value !== null && choices.includes(n) ? n : fallback;
};

/** Mean confidence bands: below 50%, 50-90%, 90% and above. */
const BANDS: Record<Exclude<ConfidenceBand, 'any'>, [number, number]> = { low: [0, 0.5], mid: [0.5, 0.9], high: [0.9, Infinity] };
const MAX_RUNS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const oneOf = <T extends string>(choices: readonly T[], value: string | null, fallback: T): T => (choices.includes(value as T) ? (value as T) : fallback);

export function parseExplorerState(params: URLSearchParams): ExplorerState {
  const sweep = params.get('sweep')?.trim();
  const runIds = (params.get('runs') ?? '').split(',').map((s) => s.trim()).filter((s) => UUID.test(s));
  const label = params.get('label') ?? '';
  const set = oneOf(DIGIT_SETS, params.get('set'), 'test');
  return {
    set,
    sweepId: sweep && UUID.test(sweep) ? sweep : undefined,
    runIds: [...new Set(runIds)].slice(0, MAX_RUNS),
    label: /^[0-9]$/.test(label) ? Number(label) : undefined,
    agreement: oneOf(AGREEMENTS, params.get('agree'), 'any'),
    confidence: oneOf(CONFIDENCES, params.get('conf'), 'any'),
    sort: oneOf(sortsOf(set), params.get('sort'), 'agreement-asc'),
    mislabeledShare: choice(MISLABELED_SHARES, params.get('mshare'), DEFAULT_SHARE),
    mislabeledConfidence: choice(MISLABELED_CONFIDENCES, params.get('mconf'), DEFAULT_CONFIDENCE),
  };
}

export function serializeExplorerState(s: ExplorerState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.set !== 'test') p.set('set', s.set);
  if (s.sweepId) p.set('sweep', s.sweepId);
  else if (s.runIds.length > 0) p.set('runs', s.runIds.join(','));
  if (s.label !== undefined) p.set('label', String(s.label));
  if (s.agreement !== 'any') p.set('agree', s.agreement);
  if (s.confidence !== 'any') p.set('conf', s.confidence);
  if (s.sort !== 'agreement-asc') p.set('sort', s.sort);
  if (s.mislabeledShare !== DEFAULT_SHARE) p.set('mshare', String(s.mislabeledShare));
  if (s.mislabeledConfidence !== DEFAULT_CONFIDENCE) p.set('mconf', String(s.mislabeledConfidence));
  return p;
}

function agreementHolds(a: Agreement, right: number, runs: number): boolean {
  switch (a) {
    case 'any':
      return true;
    case 'all-right':
      return right === runs;
    case 'some-wrong':
      return right < runs;
    case 'most-wrong':
      return right * 2 < runs;
    case 'all-wrong':
      return right === 0;
  }
}

const isValidation = (d: DigitColumns): d is ValidationColumns => 'held' in d;

/** The value a row sorts by; null when the sort is the columns' own order. Validation sorts on test columns keep that order. */
function sortKey(d: DigitColumns, sort: ExplorerSort): ArrayLike<number> | null {
  if (sort.startsWith('agreement')) return d.right;
  if (sort.startsWith('confidence')) return d.meanConfidence;
  if (sort === 'index' || !isValidation(d)) return null;
  const n = d.trueLabel.length;
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const min = d.learnedMin[i];
    const max = d.learnedMax[i];
    const median = d.learnedMedian[i];
    if (sort === 'forgetting-desc') key[i] = d.forgettingEvents[i];
    else if (sort === 'spread-desc') key[i] = min === null || max === null ? -1 : max - min;
    else key[i] = median ?? Number.MAX_SAFE_INTEGER;
  }
  return key;
}

/**
 * The rows to show (positions in the columns), in order: the filters applied, then the sort (ties in the columns' own
 * order: test-set order, or training-image order for validation digits). Agreement is over the runs holding the digit.
 */
export function explorerRows(d: DigitColumns, runs: number, s: Pick<ExplorerState, 'label' | 'agreement' | 'confidence' | 'sort'>): Int32Array {
  const band = s.confidence === 'any' ? null : BANDS[s.confidence];
  const held = isValidation(d) ? d.held : null;
  const rows: number[] = [];
  for (let i = 0; i < d.trueLabel.length; i++) {
    if (s.label !== undefined && d.trueLabel[i] !== s.label) continue;
    if (!agreementHolds(s.agreement, d.right[i], held ? held[i] : runs)) continue;
    if (band && (d.meanConfidence[i] < band[0] || d.meanConfidence[i] >= band[1])) continue;
    rows.push(i);
  }
  const key = sortKey(d, s.sort);
  if (key) {
    const sign = s.sort.endsWith('-desc') ? -1 : 1;
    rows.sort((a, b) => sign * (key[a] - key[b]) || a - b);
  }
  return Int32Array.from(rows);
}

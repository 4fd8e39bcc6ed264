// The playground's view in the URL (`/playground?runs=a,b`): which runs' models answer, in order (their colors).

export interface PlaygroundState {
  /** null: none chosen yet, so the page offers the latest finished runs; [] is an explicit empty choice. */
  runIds: string[] | null;
}

/** Each model is a few hundred kB and predicts on every stroke: a handful side by side is what a screen shows. */
export const MAX_PLAYGROUND_RUNS = 6;
/** How many of the latest finished runs the page starts with when the URL names none. */
export const DEFAULT_PLAYGROUND_RUNS = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parsePlaygroundState(params: URLSearchParams): PlaygroundState {
  const raw = params.get('runs');
  if (raw === null) return { runIds: null };
  const ids = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => UUID.test(s));
  return { runIds: [...new Set(ids)].slice(0, MAX_PLAYGROUND_RUNS) };
}

export function serializePlaygroundState(state: PlaygroundState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.runIds !== null) p.set('runs', state.runIds.join(','));
  return p;
}

/** Adds or removes one run; a new run goes last (keeping the others' colors), and the oldest gives way past the cap. */
export function toggleRun(current: readonly string[], id: string): string[] {
  if (current.includes(id)) return current.filter((r) => r !== id);
  return [...current, id].slice(-MAX_PLAYGROUND_RUNS);
}

/** Probabilities from logits, computed stably (the largest logit is subtracted first). */
export function softmax(logits: ArrayLike<number>): number[] {
  const values = Array.from(logits);
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * The model's output as probabilities: taken as they are when they already form a distribution (a softmax output
 * layer, as a user's own tfjs model often has), else the softmax of the logits the trainer's models give.
 */
export function asProbabilities(output: ArrayLike<number>): number[] {
  const values = Array.from(output);
  const sum = values.reduce((a, b) => a + b, 0);
  const distribution = values.every((v) => v >= 0 && v <= 1) && Math.abs(sum - 1) <= 1e-3;
  return distribution ? values : softmax(values);
}

/** The input's shape for a model: the batch of one, then the model's own input dimensions ([784], [28, 28, 1], ...). */
export function inputShape(modelInput: readonly (number | null)[], length: number): number[] {
  const dims = modelInput.slice(1).map((d) => d ?? 1);
  const size = dims.reduce((a, b) => a * b, 1);
  return size === length ? [1, ...dims] : [1, length];
}

/** The most probable class (the first, on a tie). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

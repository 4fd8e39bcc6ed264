// The playground's URL and its model outputs: shared links reopen the same models, probabilities are probabilities.
import { describe, expect, it } from 'vitest';
import { MAX_PLAYGROUND_RUNS, argmax, asProbabilities, inputShape, parsePlaygroundState, serializePlaygroundState, softmax, toggleRun } from './playground-state';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('playground URL state', () => {
  it('round-trips the chosen runs in order', () => {
    const state = { runIds: [id(2), id(1)] };
    const query = serializePlaygroundState(state);
    expect(query.get('runs')).toBe(`${id(2)},${id(1)}`);
    expect(parsePlaygroundState(query)).toEqual(state);
  });

  it('tells "nothing chosen yet" from "chose none"', () => {
    expect(parsePlaygroundState(new URLSearchParams())).toEqual({ runIds: null });
    expect(parsePlaygroundState(new URLSearchParams('runs='))).toEqual({ runIds: [] });
    expect(serializePlaygroundState({ runIds: null }).toString()).toBe('');
  });

  it('drops malformed and repeated ids and caps the count', () => {
    const many = Array.from({ length: 9 }, (_, i) => id(i));
    const parsed = parsePlaygroundState(new URLSearchParams(`runs=nope,${id(1).toUpperCase()},${id(1)},${many.join(',')}`));
    expect(parsed.runIds?.[0]).toBe(id(1));
    expect(parsed.runIds).toHaveLength(MAX_PLAYGROUND_RUNS);
  });

  it('adds a run last and removes it again; the oldest gives way past the cap', () => {
    expect(toggleRun([id(1)], id(2))).toEqual([id(1), id(2)]);
    expect(toggleRun([id(1), id(2)], id(1))).toEqual([id(2)]);
    const full = Array.from({ length: MAX_PLAYGROUND_RUNS }, (_, i) => id(i));
    expect(toggleRun(full, id(99))).toEqual([...full.slice(1), id(99)]);
  });
});

describe('softmax and argmax', () => {
  it('turns logits into probabilities summing to 1, even for huge logits', () => {
    const p = softmax([1000, 1001, 999]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(argmax(p)).toBe(1);
  });

  it('gives equal logits equal probabilities, and the first class on a tie', () => {
    expect(softmax([0, 0, 0, 0])).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(argmax([0.5, 0.5])).toBe(0);
  });
});

describe('a model of any input shape and output', () => {
  it('shapes the 784 pixels as the model takes them', () => {
    expect(inputShape([null, 784], 784)).toEqual([1, 784]);
    expect(inputShape([null, 28, 28, 1], 784)).toEqual([1, 28, 28, 1]);
    expect(inputShape([null, 28, 28], 784)).toEqual([1, 28, 28]);
    // A model that takes something else gets the flat input, and tfjs names the mismatch.
    expect(inputShape([null, 32, 32, 3], 784)).toEqual([1, 784]);
  });

  it('keeps a softmax output as it is and turns logits into probabilities', () => {
    const probabilities = [0.9, 0.1, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(asProbabilities(probabilities)).toEqual(probabilities);
    const fromLogits = asProbabilities([2, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(fromLogits.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(fromLogits[0]).toBeGreaterThan(fromLogits[1]);
    // Logits that happen to look like a distribution are taken as one; for equal logits softmax agrees anyway.
    expect(asProbabilities(new Array(10).fill(0.1))).toEqual(new Array(10).fill(0.1));
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS, HyperparamsSchema } from './hyperparams';

describe('HyperparamsSchema', () => {
  it('fills in the reference network by default', () => {
    expect(DEFAULT_HYPERPARAMS.hiddenUnits).toEqual([64, 32]);
    expect(DEFAULT_HYPERPARAMS.dropout).toBe(0.2);
    expect(DEFAULT_HYPERPARAMS.batchNorm).toBe(true);
    expect(DEFAULT_HYPERPARAMS.activation).toBe('relu');
  });

  it.each([
    [{ dropout: 1 }, /dropout/],
    [{ dropout: -0.1 }, /./],
    [{ learningRate: 0 }, /learning rate/],
    [{ batchSize: 0 }, /batch size/],
    [{ nope: 1 }, /nope/],
  ])('rejects %j', (input, message) => {
    const r = HyperparamsSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(message);
  });
});

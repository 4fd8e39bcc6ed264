import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CNN_DEFAULTS, DEFAULT_HYPERPARAMS, HyperparamsSchema, convBlockShapes, resolveHyperparams, withArchDefaults } from './hyperparams';

describe('HyperparamsSchema', () => {
  it('fills in the reference network by default', () => {
    expect(DEFAULT_HYPERPARAMS.hiddenUnits).toEqual([64, 32]);
    expect(DEFAULT_HYPERPARAMS.dropout).toBe(0.2);
    expect(DEFAULT_HYPERPARAMS.batchNorm).toBe(true);
    expect(DEFAULT_HYPERPARAMS.activation).toBe('relu');
    expect(DEFAULT_HYPERPARAMS.arch).toBe('mlp');
  });

  it('parses an MLP config as before: no conv keys appear, and parsing again changes nothing', () => {
    const h = HyperparamsSchema.parse({ hiddenUnits: [128], dropout: 0.3, batchSize: 64 });
    expect(Object.keys(h)).not.toEqual(expect.arrayContaining(['convFilters']));
    expect(['convFilters', 'kernelSize', 'poolSize', 'padding'].filter((k) => k in h)).toEqual([]);
    expect(HyperparamsSchema.parse(h)).toEqual(h);
    expect(withArchDefaults({ dropout: 0.3 })).toEqual({ dropout: 0.3 });
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

describe('HyperparamsSchema for CNNs', () => {
  it('resolves arch cnn alone to the Keras anchor', () => {
    const h = resolveHyperparams({ arch: 'cnn' });
    expect(h).toMatchObject({ arch: 'cnn', convFilters: [32, 64], kernelSize: 3, poolSize: 2, padding: 'valid', hiddenUnits: [], dropout: 0.5, batchNorm: false, batchSize: 128 });
    expect(HyperparamsSchema.parse(h)).toEqual(h);
  });

  it('keeps what the user gave over the anchor, and fills conv keys even without withArchDefaults', () => {
    expect(resolveHyperparams({ arch: 'cnn', hiddenUnits: [128], dropout: 0.25, convFilters: [16] })).toMatchObject({ hiddenUnits: [128], dropout: 0.25, convFilters: [16], batchSize: 128 });
    expect(HyperparamsSchema.parse({ arch: 'cnn' })).toMatchObject({ convFilters: [32, 64], kernelSize: 3, poolSize: 2, padding: 'valid', hiddenUnits: [64, 32] });
  });

  it.each([
    [{ arch: 'cnn', convFilters: [32, 0] }, 'convFilters', /^a conv block needs at least 1 filter$/],
    [{ arch: 'cnn', convFilters: [] }, 'convFilters', /^a CNN needs at least one conv block$/],
    [{ arch: 'cnn', convFilters: [8, 8, 8, 8, 8] }, 'convFilters', /^at most 4 conv blocks$/],
    [{ arch: 'cnn', convFilters: [8, 8], kernelSize: 15 }, 'kernelSize', /^kernel 15 is larger than conv block 2's 7x7 input$/],
    [{ arch: 'cnn', convFilters: [8], poolSize: 27 }, 'poolSize', /^pool 27 leaves nothing of conv block 1's 26x26 output$/],
    [{ arch: 'cnn', convFilters: [8, 8, 8, 8], padding: 'same', poolSize: 3 }, 'poolSize', /^pool 3 leaves nothing of conv block 4's 1x1 output$/],
    [{ convFilters: [32] }, 'convFilters', /^applies to arch cnn only$/],
    [{ arch: 'mlp', padding: 'same' }, 'padding', /^applies to arch cnn only$/],
    [{ hiddenUnits: [] }, 'hiddenUnits', /^an MLP needs at least one hidden layer$/],
  ])('rejects %j at %s in one line', (input, key, message) => {
    const r = HyperparamsSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path[0]).toBe(key);
    expect(r.error?.issues[0].message).toMatch(message);
  });

  it('accepts a CNN config exactly when every block keeps at least one pixel (generated configs)', () => {
    const config = fc.record({
      convFilters: fc.array(fc.integer({ min: 1, max: 512 }), { minLength: 1, maxLength: 4 }),
      kernelSize: fc.integer({ min: 1, max: 28 }),
      poolSize: fc.integer({ min: 1, max: 28 }),
      padding: fc.constantFrom('valid' as const, 'same' as const),
    });
    fc.assert(
      fc.property(config, (c) => {
        // An independent walk through the blocks, written out rather than calling convBlockShapes.
        let side = 28;
        let fits = true;
        for (let i = 0; i < c.convFilters.length && fits; i++) {
          if (c.padding === 'valid' && c.kernelSize > side) fits = false;
          side = Math.floor((c.padding === 'same' ? side : side - c.kernelSize + 1) / c.poolSize);
          if (side < 1) fits = false;
        }
        const r = HyperparamsSchema.safeParse({ arch: 'cnn', ...c });
        expect(r.success).toBe(fits);
        if (!r.success) expect(r.error.issues[0].message).not.toContain('\n');
      }),
    );
  });

  it('gives the anchor its shapes: 28 -> 26 -> 13 -> 11 -> 5', () => {
    expect(convBlockShapes(2, CNN_DEFAULTS.kernelSize, CNN_DEFAULTS.poolSize, 'valid')).toEqual([
      { input: 28, conv: 26, pooled: 13 },
      { input: 13, conv: 11, pooled: 5 },
    ]);
  });
});

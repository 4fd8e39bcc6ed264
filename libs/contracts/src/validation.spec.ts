// The validation-prediction contracts: the SDK's values and the wire record keep their bounds, generated and by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './bytes';
import { dequantizeConfidence, encodeValidationLog, MAX_VALIDATION_COUNT, ValidationLogSchema, ValidationPredictionsValuesSchema } from './validation';

const RUN = '11111111-1111-4111-8111-111111111111';
const AT = '2026-01-01T00:00:00.000Z';
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });

/** Checked values of one length, generated. */
const valuesArb = fc.integer({ min: 1, max: 300 }).chain((n) =>
  fc.record({ labels: digits(n), predictions: digits(n), confidences: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }) }),
);

describe('ValidationPredictionsValuesSchema', () => {
  it('takes any equal-length labels 0-9 and confidences in [0, 1]', () => {
    fc.assert(
      fc.property(valuesArb, (v) => {
        expect(ValidationPredictionsValuesSchema.safeParse(v).success).toBe(true);
      }),
    );
  });

  it('refuses a label outside 0-9, a confidence outside [0, 1], unequal lengths and more than 60,000 digits', () => {
    fc.assert(
      fc.property(valuesArb, fc.oneof(fc.integer({ min: 10, max: 255 }), fc.integer({ min: -255, max: -1 })), fc.double({ min: 1.000001, max: 1e9, noNaN: true }), (v, label, c) => {
        const i = v.labels.length - 1;
        expect(ValidationPredictionsValuesSchema.safeParse({ ...v, predictions: v.predictions.map((p, k) => (k === i ? label : p)) }).success).toBe(false);
        expect(ValidationPredictionsValuesSchema.safeParse({ ...v, confidences: v.confidences.map((p, k) => (k === i ? c : p)) }).success).toBe(false);
        expect(ValidationPredictionsValuesSchema.safeParse({ ...v, confidences: v.confidences.map((p, k) => (k === i ? -c : p)) }).success).toBe(false);
        expect(ValidationPredictionsValuesSchema.safeParse({ ...v, predictions: [...v.predictions, 1] }).success).toBe(false);
      }),
      { numRuns: 50 },
    );
    expect(ValidationPredictionsValuesSchema.safeParse({ labels: '123', predictions: [1, 2, 3], confidences: [1, 1, 1] }).success).toBe(false);
    const many = new Array<number>(MAX_VALIDATION_COUNT + 1).fill(0);
    expect(ValidationPredictionsValuesSchema.safeParse({ labels: many, predictions: many, confidences: many }).success).toBe(false);
  });

  it('takes typed arrays as the trainer holds them, and names the first bad value', () => {
    const typed = { labels: Uint8Array.of(1, 2), predictions: Uint8Array.of(1, 3), confidences: Float32Array.of(0.9, 0.4), sourceIndices: Int32Array.of(5, 59_999) };
    expect(ValidationPredictionsValuesSchema.safeParse(typed).success).toBe(true);
    const bad = ValidationPredictionsValuesSchema.safeParse({ ...typed, confidences: Float32Array.of(0.5, Number.NaN) });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['confidences', 1], message: 'NaN is not a probability in [0, 1]' });
    expect(ValidationPredictionsValuesSchema.safeParse({ ...typed, sourceIndices: Int32Array.of(5, 60_000) }).success).toBe(false);
  });
});

describe('ValidationLogSchema and encodeValidationLog', () => {
  it('encodes values into a record the schema accepts, one byte per label and per confidence, within 1/510 of each', () => {
    fc.assert(
      fc.property(valuesArb, fc.boolean(), (v, withSet) => {
        const record = encodeValidationLog(RUN, 3, v, { withSet, at: AT, pixelsOf: () => new Uint8Array(784) });
        expect(ValidationLogSchema.safeParse(record).success).toBe(true);
        expect([...fromBase64(record.predicted)]).toEqual(v.predictions);
        const conf = fromBase64(record.confidences);
        expect(conf.length).toBe(v.labels.length);
        conf.forEach((b, i) => expect(Math.abs(dequantizeConfidence(b) - v.confidences[i])).toBeLessThanOrEqual(1 / 510 + 1e-12));
        // Pixels go only for the digits wrong at this epoch.
        expect((record.pixels ?? []).map((p) => p.index)).toEqual(v.labels.flatMap((l, i) => (v.predictions[i] !== l ? [i] : [])));
        expect(record.set !== undefined).toBe(withSet);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a label byte past 9, confidences of another length, a set of another length and pixels of a digit past the set', () => {
    const record = encodeValidationLog(RUN, 1, { labels: [1, 2, 3], predictions: [1, 2, 4], confidences: [0.5, 0.5, 0.5] }, { withSet: true, at: AT });
    const issue = (r: unknown) => {
      const p = ValidationLogSchema.safeParse(r);
      return p.success ? 'accepted' : `${p.error.issues[0].path.join('.')}: ${p.error.issues[0].message}`;
    };
    expect(issue(record)).toBe('accepted');
    expect(issue({ ...record, predicted: toBase64(Uint8Array.from([1, 2, 10])) })).toBe('predicted: 10 at 2 is not a digit 0-9');
    expect(issue({ ...record, confidences: toBase64(new Uint8Array(2)) })).toBe('confidences: expected 3 bytes (one per prediction), got 2');
    expect(issue({ ...record, set: { labels: toBase64(new Uint8Array(4)) } })).toBe('set.labels: expected 3 labels (one per prediction), got 4');
    expect(issue({ ...record, pixels: [{ index: 3, pixels: toBase64(new Uint8Array(784)) }] })).toBe('pixels.0.index: 3 is past the 3 validation digits');
    expect(issue({ ...record, pixels: [{ index: 2, pixels: toBase64(new Uint8Array(10)) }] })).toBe('pixels.0.pixels: expected 784 bytes, got 10');
    expect(issue({ ...record, predicted: 'AAAAA' })).toBe('predicted: not base64 (its length is not a multiple of 4)');
    expect(issue({ ...record, epoch: 0 })).toMatch(/^epoch: /);
  });
});

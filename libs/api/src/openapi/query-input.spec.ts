// A GET's query string read as its procedure's input, by the schema, without changing the schema.
import fc from 'fast-check';
import { CompareCurvesSchema, MisclassifiedQuerySchema } from '@mnist-lab/contracts';
import { describe, expect, it } from 'vitest';
import { queryInput } from './query-input';

const q = (s: string) => new URLSearchParams(s);

describe('queryInput', () => {
  it('reads numbers where the schema wants numbers and repeated keys as arrays', () => {
    const input = queryInput(CompareCurvesSchema, q('runIds=a&runIds=b&metrics=loss&maxPoints=500'));
    expect(input).toEqual({ runIds: ['a', 'b'], metrics: ['loss'], maxPoints: 500 });
  });

  it('gives any integer in range back as that number, and the schema accepts it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 9 }), (limit, label) => {
        const input = queryInput(MisclassifiedQuerySchema, q(`runId=00000000-0000-4000-8000-000000000000&limit=${limit}&trueLabel=${label}`));
        expect(MisclassifiedQuerySchema.parse(input)).toMatchObject({ limit, trueLabel: label });
      }),
    );
  });

  it('leaves what does not read as a number a string, so the schema refuses it by name', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(''), fc.constant(' '), fc.constant('Infinity'), fc.constant('NaN'), fc.string().filter((s) => Number.isNaN(Number(s)))), (text) => {
        const input = queryInput(MisclassifiedQuerySchema, q(`limit=${encodeURIComponent(text)}`));
        expect(input.limit).toBe(text);
        const result = MisclassifiedQuerySchema.safeParse({ runId: '00000000-0000-4000-8000-000000000000', ...input });
        expect(result.success).toBe(false);
        expect(result.error?.issues[0].path).toEqual(['limit']);
      }),
    );
  });

  it('changes nothing in the schema: the same schema still refuses a numeric string as a number', () => {
    queryInput(MisclassifiedQuerySchema, q('limit=5'));
    expect(MisclassifiedQuerySchema.safeParse({ runId: '00000000-0000-4000-8000-000000000000', limit: '5' }).success).toBe(false);
  });
});

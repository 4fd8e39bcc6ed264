// A GET's query string as its procedure's input: numbers and booleans converted where the schema wants them, repeated keys as arrays.
import { z } from 'zod';

/**
 * Reads the schema without changing it. trpc-to-openapi's own handler coerces by setting `coerce` on the input schema's
 * number fields, and those schemas (MetricValueSchema among them) are shared with /api/trpc, where `"0.5"` and `null`
 * would then start passing as numbers; so the REST routes convert the query here instead.
 */
export function queryInput(schema: z.ZodObject | undefined, query: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    const field = schema ? bare(schema.shape[key]) : undefined;
    if (field instanceof z.ZodArray) input[key] = values.map((v) => scalar(bare(field.element as z.ZodType), v));
    else input[key] = values.length === 1 ? scalar(field, values[0]) : values;
  }
  return input;
}

/** The schema under optional, default and nullable wrappers, which change nothing about how a query value reads. */
function bare(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

// A value that does not read as the wanted type stays a string, so the schema's own message names the parameter.
function scalar(schema: z.ZodType | undefined, value: string): unknown {
  if (schema instanceof z.ZodNumber) {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  if (schema instanceof z.ZodBoolean) return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

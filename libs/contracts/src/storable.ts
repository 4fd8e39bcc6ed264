// What PostgreSQL can store, said once: text without NUL and without lone UTF-16 surrogates, timestamps in years 1 to
// 9999, JSON nested to a bound. Every input schema's text and time go through these, so a request PostgreSQL would
// refuse with an internal error (invalid byte sequence for encoding "UTF8": 0x00, "date out of range", a stack
// overflow on deep JSON) is a one-line 400 instead, and nothing is written.
import { z } from 'zod';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed, ES2024). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store `s` as text (or in jsonb), or undefined when it can. */
export function textProblem(s: string): string | undefined {
  // text and jsonb refuse U+0000, and a lone surrogate has no UTF-8 encoding.
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored';
  return undefined;
}

/** A string PostgreSQL can store; chain .trim(), .min() and .max() on it as on z.string(). */
export const text = (params?: Parameters<typeof z.string>[0]) => z.string(params).check((ctx) => {
  const problem = textProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

/** An ISO 8601 date-time PostgreSQL can store: year 0001 to 9999 (there is no year 0). */
export const datetime = () =>
  z.iso.datetime().refine((s) => !s.startsWith('0000'), { message: 'the year must be between 0001 and 9999' });

/** How deep a JSON value this API takes anywhere (a model.json is a few levels; configs stop at 16). */
export const MAX_JSON_DEPTH = 64;

/**
 * Why `value` (parsed JSON) cannot be stored, with the path to the first problem, or undefined. Iterative: a value
 * nested 100,000 deep is refused without recursion, rather than overflowing the stack.
 */
/** A path as it may appear in a one-line error: escaped (a key may hold a NUL), and at most 140 characters. */
export const shownPath = (path: string) => JSON.stringify(path.slice(0, 140)).slice(1, -1) || 'value';

export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (depth > maxDepth) return `${shownPath(path)}: nested deeper than ${maxDepth} levels`;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return `${shownPath(path)}: ${problem}`;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v).reverse()) {
        const at = path ? `${path}.${k}` : k;
        const problem = textProblem(k);
        if (problem) return `${shownPath(at)}: the key ${problem}`;
        stack.push({ v: child, path: at, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

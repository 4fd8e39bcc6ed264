// For the fuzz suite: fast-check arbitraries of a procedure's input, from its zod schema's JSON Schema, mixed with hostile values.
// Written here: no package turns a zod 4 schema into fast-check arbitraries (zod-fast-check stops at zod 3), and the
// JSON Schema zod 4 emits (z.toJSONSchema) is a small, stable shape to walk.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  $ref?: string;
}

/** What a careless client or an attacker sends where text goes: what PostgreSQL cannot store, markup, traversal, formulas. */
const HOSTILE_TEXT = [
  '',
  '\u0000',
  'run\u0000name',
  '\uD800',
  'tag\uDFFF',
  'x'.repeat(70_000),
  '../../../etc/passwd',
  '%zz%00',
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://x")',
  `'; DROP TABLE "Run"; --`,
  '\u202Egnp.exe',
  '0000-01-01T00:00:00.000Z',
  '10000-01-01T00:00:00.000Z',
  'NaN',
];
const HOSTILE_NUMBERS = [-1, 0, -0, 0.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER + 2, 5e-324];

function deeplyNested(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Any value of the wrong kind: the other JSON types, huge nesting, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, [], {}, deeplyNested(200), JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {}}}')),
  fc.constantFrom(...HOSTILE_TEXT),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.jsonValue({ maxDepth: 3 }),
);

export interface ArbitraryOptions {
  /** Ids that exist in the store (runs, sweeps), so a valid-looking request reaches past the lookup. */
  knownIds: readonly string[];
  /** Chance that a value is replaced by a hostile one (per value, at every depth); default none. */
  hostileShare?: number;
}

const ISO = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

function numberArbitrary(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-9) : integer ? -1_000 : -1e6);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-9) : integer ? 100_000 : 1e6);
  if (integer) return fc.integer({ min: Math.max(Math.ceil(min), -(2 ** 31)), max: Math.min(Math.floor(max), 2 ** 31 - 1) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function stringArbitrary(s: JsonSchema, opts: ArbitraryOptions): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...(opts.knownIds.length > 0 ? opts.knownIds : ['00000000-0000-4000-8000-000000000000'])), fc.uuid({ version: 4 }));
  if (s.format === 'date-time') return ISO;
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 40, Math.max(minLength, 40));
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

/** Valid-looking values for `schema`, each value (at any depth) sometimes swapped for a hostile one. */
export function inputArbitrary(schema: JsonSchema, opts: ArbitraryOptions, depth = 0): fc.Arbitrary<unknown> {
  const weight = Math.round((opts.hostileShare ?? 0) * 1000);
  const valid = validArbitrary(schema, opts, depth);
  return weight === 0 ? valid : fc.oneof({ arbitrary: valid, weight: 1000 - weight }, { arbitrary: hostileValue, weight });
}

/**
 * A request's input: most follow the schema (to reach the code behind validation), some carry a few hostile values
 * deep inside, some are hostile as a whole.
 */
export function requestInputArbitrary(schema: JsonSchema, knownIds: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: inputArbitrary(schema, { knownIds }), weight: 5 },
    { arbitrary: inputArbitrary(schema, { knownIds, hostileShare: 0.08 }), weight: 3 },
    { arbitrary: hostileValue, weight: 2 },
  );
}

function validArbitrary(s: JsonSchema, opts: ArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6 || s.$ref !== undefined) return fc.jsonValue({ maxDepth: 2 });
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union && union.length > 0) return fc.oneof(...union.map((u) => validArbitrary(u, opts, depth + 1)));
  if (s.allOf && s.allOf.length > 0) return validArbitrary(s.allOf[0], opts, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringArbitrary(s, opts);
    case 'integer':
      return numberArbitrary(s, true);
    case 'number':
      return numberArbitrary(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => inputArbitrary(p, opts, depth + 1)));
      const minLength = s.minItems ?? 0;
      const maxLength = Math.min(s.maxItems ?? 4, Math.max(minLength, 4));
      return fc.array(s.items ? inputArbitrary(s.items, opts, depth + 1) : fc.jsonValue({ maxDepth: 1 }), { minLength, maxLength });
    }
    case 'object': {
      const properties = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const shape = Object.fromEntries(Object.entries(properties).map(([key, p]) => [key, inputArbitrary(p, opts, depth + 1)]));
      const known = fc.record(shape, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
      // Sometimes a key the schema does not know, as a client of another version sends.
      if (!opts.hostileShare) return known;
      return fc.oneof({ arbitrary: known, weight: 9 }, { arbitrary: fc.tuple(known, fc.string({ maxLength: 12 }), hostileValue).map(([o, k, v]) => ({ ...o, [k]: v })), weight: 1 });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

type Path = (string | number)[];

/** Every place in a JSON value: each key of each object and each index of each array, at any depth. */
function placesIn(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...placesIn(v, [...at, i])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...placesIn(v, [...at, k])]);
  return [];
}

const REMOVE = Symbol('remove');

function withChange(example: unknown, path: Path, change: unknown): unknown {
  const copy = structuredClone(example) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (change === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = change;
  return copy;
}

/**
 * A valid request with one thing wrong: one value anywhere in it replaced by a hostile one, or removed. This is how
 * the malformed-input battery found its 500s (a NUL in one tag of an otherwise good run).
 */
export function oneChangeFrom(example: unknown): fc.Arbitrary<unknown> {
  const places = placesIn(example);
  if (places.length === 0) return fc.constant(example);
  return fc.tuple(fc.constantFrom(...places), fc.oneof({ arbitrary: hostileValue, weight: 4 }, { arbitrary: fc.constant<unknown>(REMOVE), weight: 1 })).map(([path, change]) => withChange(example, path, change));
}


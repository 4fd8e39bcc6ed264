// The OpenAPI document a code generator or a reader in another language works from: paths, operations, security, schemas.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './document';
import { restRoutes } from './rest-routes';

// Read from a cast document: the fields a test reads are declared present, and a missing one fails that test's expectation.
interface Schema {
  type?: string | string[];
  properties: Record<string, Schema>;
  required: string[];
  items: Schema;
  anyOf?: Schema[];
  $ref?: string;
  description?: string;
  additionalProperties?: boolean | Schema;
}
interface Operation {
  operationId: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters: { name: string; in: string; required?: boolean; schema: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content: Record<string, { schema: Schema }> }>;
}
type Doc = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas?: Record<string, Schema> };
};

const doc = () => openApiDocument() as unknown as Doc;
const op = (method: string, path: string): Operation => {
  const found = doc().paths[path]?.[method];
  if (!found) throw new Error(`no ${method.toUpperCase()} ${path} in the document`);
  return found;
};
const body = (o: Operation): Schema => {
  if (!o.requestBody) throw new Error(`${o.operationId} has no request body`);
  return o.requestBody.content['application/json'].schema;
};

const WRITES = [
  ['post', '/runs', 'runs-create'],
  ['post', '/runs/{runId}/points', 'runs-log'],
  ['post', '/runs/{runId}/epochs', 'runs-logEpoch'],
  ['post', '/runs/{runId}/heartbeat', 'runs-heartbeat'],
  ['post', '/runs/{runId}/finish', 'runs-finish'],
  ['post', '/runs/{runId}/end', 'runs-end'],
  ['put', '/runs/{runId}/tags', 'runs-setTags'],
  ['put', '/runs/{runId}/notes', 'runs-setNotes'],
] as const;
const READS = [
  ['post', '/runs/search', 'runs-list'],
  ['get', '/runs/{id}', 'runs-get'],
  ['get', '/curves', 'runs-curves'],
  ['get', '/config-keys', 'runs-configKeys'],
  ['get', '/runs/{runId}/misclassified', 'runs-misclassified'],
  ['get', '/health', 'health'],
] as const;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3 with its operations under /api/v1 and a bearer security scheme', () => {
    expect(doc().openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc().servers).toEqual([{ url: '/api/v1' }]);
    expect(doc().components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('describes every write with bearerAuth and every read without it, each with a unique operationId', () => {
    for (const [method, path, id] of WRITES) expect(op(method, path)).toMatchObject({ operationId: id, security: [{ bearerAuth: [] }] });
    for (const [method, path, id] of READS) {
      expect(op(method, path).operationId).toBe(id);
      expect(op(method, path).security).toBeUndefined();
    }
    const ids = Object.values(doc().paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(restRoutes().length);
  });

  it('takes path parameters from the path and the rest of each write from a JSON body', () => {
    const log = op('post', '/runs/{runId}/points');
    expect(log.parameters).toEqual([expect.objectContaining({ name: 'runId', in: 'path', required: true })]);
    expect(body(log).required).toEqual(['points']);
    expect(body(log).properties.points.items.required).toEqual(['name', 'step', 'value']);
    expect(body(log).properties).not.toHaveProperty('runId');
    // A heartbeat's only body field is a sweep trial's optional attempt (fencing); without a body it is a plain heartbeat.
    expect(body(op('post', '/runs/{runId}/heartbeat')).properties).toEqual({ attempt: { type: 'integer', minimum: 1, maximum: 1_000_000 } });
    expect(body(op('post', '/runs/{runId}/heartbeat')).required).toBeUndefined();
    expect(body(op('post', '/runs/{runId}/finish')).properties.test.properties).toHaveProperty('labels');
  });

  it('describes a run’s config as any JSON object with its bounds, rather than dropping it', () => {
    const config = body(op('post', '/runs')).properties.config;
    expect(config).toMatchObject({ type: 'object', additionalProperties: true, description: expect.stringContaining('65536 bytes') });
    expect(body(op('post', '/runs')).required).toEqual(expect.arrayContaining(['id', 'name', 'startedAt']));
  });

  it('gives reads their query parameters and every operation a response schema', () => {
    const curves = op('get', '/curves').parameters;
    expect(curves.map((p) => [p.name, p.in])).toEqual([['runIds', 'query'], ['metrics', 'query'], ['maxPoints', 'query']]);
    expect(curves[0]).toMatchObject({ required: true, schema: { type: 'array' } });
    for (const [method, path] of [...WRITES, ...READS]) {
      const schema = op(method, path).responses['200'].content['application/json'].schema;
      expect(schema.type ?? schema.$ref, `${method} ${path}`).toBeDefined();
    }
    const run = op('get', '/runs/{id}').responses['200'].content['application/json'].schema;
    expect(run.required).toEqual(expect.arrayContaining(['id', 'status', 'config', 'testAccuracy', 'confusionMatrix']));
  });

  it('has every $ref resolve inside the document', () => {
    const text = JSON.stringify(doc());
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) expect(doc().components.schemas, ref).toHaveProperty([ref]);
    expect(text).not.toContain('"$ref":"#ZOD_OPENAPI');
  });
});

// Which procedure a REST request names: the router's `.meta({ openapi })` methods and paths, matched against a request.
import type { z } from 'zod';
import { getPathRegExp, normalizePath, type OpenApiMeta, type OpenApiMethod } from 'trpc-to-openapi';
import { appRouter } from '../root';

/** Where the operations are served, and where the document describing them is. */
export const REST_BASE_PATH = '/api/v1';
export const OPENAPI_DOCUMENT_PATH = '/api/openapi.json';

export interface RestRoute {
  method: OpenApiMethod;
  /** As the document names it, e.g. /runs/{runId}/points. */
  path: string;
  /** The procedure's dotted path in the router, e.g. runs.log. */
  procedure: string;
  /** Its input schema (a z.object for every documented procedure), or undefined when it takes none. */
  input: z.ZodObject | undefined;
  pattern: RegExp;
}

interface ProcedureDef {
  _def: { meta?: OpenApiMeta; inputs: unknown[] };
}

let routes: RestRoute[] | undefined;

/** Every procedure with REST metadata, read from the router once. */
export function restRoutes(): RestRoute[] {
  if (routes) return routes;
  // Typed as the nested record, but flat at run time ('runs.create' -> procedure), as trpc-to-openapi reads it too.
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  routes = Object.entries(procedures).flatMap(([procedure, { _def }]) => {
    const openapi = _def.meta?.openapi;
    if (!openapi || openapi.enabled === false) return [];
    const path = normalizePath(openapi.path);
    const input = _def.inputs[0] as z.ZodObject | undefined;
    return [{ method: openapi.method, path, procedure, input, pattern: getPathRegExp(path) }];
  });
  return routes;
}

// A malformed escape stays as sent: the input schema then names the bad parameter instead of the request failing with 500.
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export type RouteMatch =
  | { kind: 'found'; route: RestRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: OpenApiMethod[] }
  | { kind: 'none' };

/** The route for a method and a path below the REST base path (e.g. POST /runs/<id>/points). */
export function matchRoute(method: string, path: string): RouteMatch {
  const normalized = normalizePath(path);
  const allowed: OpenApiMethod[] = [];
  for (const route of restRoutes()) {
    const m = route.pattern.exec(normalized);
    if (!m) continue;
    if (route.method !== method.toUpperCase()) {
      allowed.push(route.method);
      continue;
    }
    const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decoded(v)]));
    return { kind: 'found', route, params };
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}

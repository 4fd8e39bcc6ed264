// GET /api/openapi.json: the OpenAPI 3 document of the REST API under /api/v1, for curl users and code generators in any language.
import { openApiDocument } from '@mnist-lab/api';

// Built from the code alone, but kept dynamic like every API route: a prerendered copy would outlive a redeploy's changes.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Response {
  return Response.json(openApiDocument());
}

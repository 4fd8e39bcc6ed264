// One id per request, so a one-line 500 answer names the log line that holds the details.
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What an upstream proxy may hand on as a request id: short, and safe to print in a log line and a header. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request's id: the one a proxy in front set (or the listener assigned), else a new one. */
export function requestIdOf(header: string | string[] | null | undefined): string {
  const sent = Array.isArray(header) ? header[0] : header;
  return sent && ACCEPTED_ID.test(sent) ? sent : randomUUID();
}

/** The one-line answer of a request that failed on the server's side: no internal text, only where to look. */
export function internalErrorMessage(requestId: string | undefined): string {
  return requestId ? `internal error (request ${requestId}): the server log has the details` : 'internal error: the server log has the details';
}

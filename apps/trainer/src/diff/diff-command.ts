// `mnist-lab diff RUN_A RUN_B`: which test digits run B fixed, broke and still gets wrong compared with run A.
import { TRPCClientError } from '@trpc/client';
import { UsageError } from '../usage-error';
import type { ServerClient } from '../server-client';
import { formatDiff } from './diff-format';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DiffOptions {
  server: string;
  json: boolean;
  /** Terminal width for wrapping the index lists. */
  width?: number;
}

function statusOf(e: unknown): number | undefined {
  return e instanceof TRPCClientError ? (e.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
}

/** A server that cannot be reached is not the user's typing: exit 1 with where it was looked for. */
function unreachable(server: string, e: unknown): Error {
  return new Error(`cannot reach the tracking server at ${server} (${(e as Error).message}); start it with \`npm start\` or pass --server`);
}

type RunMatch = Awaited<ReturnType<ServerClient['analysis']['findRuns']['query']>>['matches'][number];

/** A full id as is; otherwise the one run whose id starts with `ref` or whose name is `ref`. */
export async function resolveRun(find: (ref: string) => Promise<RunMatch[]>, ref: string, server: string): Promise<string> {
  if (UUID.test(ref)) return ref.toLowerCase();
  let matches: RunMatch[];
  try {
    matches = await find(ref);
  } catch (e) {
    const status = statusOf(e);
    if (status && status >= 400 && status < 500) throw new UsageError(`${ref}: ${(e as Error).message}`);
    throw unreachable(server, e);
  }
  if (matches.length === 0) throw new UsageError(`no run matches "${ref}" on ${server} (give a run id, the start of one, or a run name)`);
  if (matches.length > 1) {
    const some = matches.slice(0, 3).map((m) => `${m.id.slice(0, 8)} ${m.name}`).join(', ');
    throw new UsageError(`"${ref}" matches ${matches.length > 5 ? 'more than 5' : matches.length} runs (${some}${matches.length > 3 ? ', …' : ''}): give more of the id`);
  }
  return matches[0].id;
}

export async function runDiff(client: Pick<ServerClient, 'analysis'>, refA: string, refB: string, opts: DiffOptions, write: (text: string) => void): Promise<void> {
  const find = async (ref: string) => (await client.analysis.findRuns.query({ ref })).matches;
  const a = await resolveRun(find, refA, opts.server);
  const b = await resolveRun(find, refB, opts.server);
  let diff;
  try {
    diff = await client.analysis.diff.query({ a, b, withPixels: false });
  } catch (e) {
    const status = statusOf(e);
    // 404 unknown run, 409 a run without predictions, 400 a malformed id: all fixed by naming other runs.
    if (status && status >= 400 && status < 500) throw new UsageError((e as Error).message);
    throw unreachable(opts.server, e);
  }
  write(opts.json ? JSON.stringify(diff, null, 2) : formatDiff(diff, opts.width));
}

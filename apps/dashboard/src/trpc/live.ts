// Polling for runs still training: every second while any shown run can still change, never otherwise.
import type { RunStatus } from '@mnist-lab/contracts';

export const LIVE_POLL_MS = 1_000;

export function isLiveStatus(status: RunStatus | string): boolean {
  return status === 'running' || status === 'queued';
}

/** A react-query `refetchInterval` for data that lists runs: poll while any of them is live. */
export function liveInterval<T>(runsOf: (data: T) => readonly { status: string }[]) {
  return (query: { state: { data: T | undefined } }): number | false => {
    const data = query.state.data;
    return data !== undefined && runsOf(data).some((r) => isLiveStatus(r.status)) ? LIVE_POLL_MS : false;
  };
}

// init(): starts a run (W&B's wandb.init): validates what it is given, records where it runs, and spools its create event.
import { randomUUID } from 'node:crypto';
import type { CreateRun } from '@mnist-lab/contracts';
import { validateEvent } from './events';
import { ActiveRun } from './run';
import { commandLine, defaultName, gitCommit, host, shellQuote } from './run-context';
import { resolveSettings } from './settings';
import { Tracker } from './tracker';
import { trialFromEnv } from './trial-env';
import { TrackingServer, trackingTransport } from './transport/tracking-server';
import type { InitOptions, Run } from './types';

const stderr = (line: string) => void process.stderr.write(`mnist-lab: ${line}\n`);

/**
 * Starts a run; throws one line naming the first bad option (a config too large or too deep, a bad tag, ...). Run by
 * `mnist-lab agent` for a sweep trial (`program:`), it attaches to the trial's run: its id, sweep, attempt and config
 * come from the agent (trial-env), unless the options name another run.
 */
export async function init(options: InitOptions = {}): Promise<Run> {
  const s = resolveSettings(options);
  const trial = options.id === undefined ? trialFromEnv() : undefined;
  const id = options.id ?? trial?.runId ?? randomUUID();
  const log = options.log ?? stderr;
  const heartbeatMs = options.heartbeatMs ?? trial?.heartbeatMs ?? 2_000;
  if (!(heartbeatMs >= 100 && heartbeatMs <= 60_000)) throw new Error(`init: heartbeatMs ${heartbeatMs}: expected 100 to 60,000 ms`);
  if (options.interrupt !== undefined && options.interrupt !== 'exit' && options.interrupt !== 'abort') {
    throw new Error(`init: interrupt ${JSON.stringify(options.interrupt)}: expected 'exit' or 'abort'`);
  }
  const payload: CreateRun = {
    id,
    name: options.name ?? defaultName(id),
    config: options.config ?? trial?.config ?? {},
    architecture: options.architecture,
    backend: options.backend ?? 'unknown',
    host: host(),
    gitCommit: await gitCommit(),
    // Cut to the API's 4,096 characters: a long argv is no reason to refuse a run.
    command: (typeof options.command === 'object' ? options.command.map(shellQuote).join(' ') : (options.command ?? commandLine())).slice(0, 4_096),
    tags: options.tags ?? [],
    notes: options.notes,
    sweepId: options.sweepId ?? trial?.sweepId,
    attempt: options.attempt ?? trial?.attempt,
    startedAt: new Date().toISOString(),
  };
  const create = validateEvent({ kind: 'create', payload }, 'init');
  const offline = s.offline;
  const server = offline ? undefined : new TrackingServer(s.server, s.token);
  const tracker = new Tracker({
    runId: id,
    spoolDir: s.spoolDir,
    transport: server ? trackingTransport(server) : undefined,
    log,
    heartbeatMs,
    attempt: payload.attempt,
  });
  // A sweep trial asks the sweep's early-termination rule after each epoch (run.shouldStop, run.checkStop()).
  const prune =
    server && payload.sweepId
      ? async () => ((await server.call('sweeps.shouldPrune', { runId: id, attempt: payload.attempt })) as { prune: boolean }).prune
      : undefined;
  tracker.enqueue(create, true);
  const url = `${s.server}/runs/${id}`;
  log(offline ? `offline: events spooled to ${tracker.spoolFile} (upload them with \`mnist-lab sync\`)` : `tracking: ${url}`);
  return new ActiveRun({ id, name: payload.name, url, offline, tracker, log, interrupt: options.interrupt ?? 'exit', prune });
}

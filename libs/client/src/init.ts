// init(): starts a run (W&B's wandb.init): validates what it is given, records where it runs, and spools its create event.
import { randomUUID } from 'node:crypto';
import type { CreateRun } from '@mnist-lab/metrics';
import { validateEvent } from './events';
import { ActiveRun } from './run';
import { commandLine, defaultName, gitCommit, host, shellQuote } from './run-context';
import { resolveSettings } from './settings';
import { Tracker } from './tracker';
import { TrackingServer, trackingTransport } from './transport/tracking-server';
import type { InitOptions, Run } from './types';

const stderr = (line: string) => void process.stderr.write(`mnist-lab: ${line}\n`);

/** Starts a run; throws one line naming the first bad option (a config too large or too deep, a bad tag, ...). */
export async function init(options: InitOptions = {}): Promise<Run> {
  const s = resolveSettings(options);
  const id = options.id ?? randomUUID();
  const log = options.log ?? stderr;
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  if (!(heartbeatMs >= 100 && heartbeatMs <= 60_000)) throw new Error(`init: heartbeatMs ${heartbeatMs}: expected 100 to 60,000 ms`);
  if (options.interrupt !== undefined && options.interrupt !== 'exit' && options.interrupt !== 'abort') {
    throw new Error(`init: interrupt ${JSON.stringify(options.interrupt)}: expected 'exit' or 'abort'`);
  }
  const payload: CreateRun = {
    id,
    name: options.name ?? defaultName(id),
    config: options.config ?? {},
    architecture: options.architecture,
    backend: options.backend ?? 'unknown',
    host: host(),
    gitCommit: await gitCommit(),
    // Cut to the API's 4,096 characters: a long argv is no reason to refuse a run.
    command: (typeof options.command === 'object' ? options.command.map(shellQuote).join(' ') : (options.command ?? commandLine())).slice(0, 4_096),
    tags: options.tags ?? [],
    notes: options.notes,
    sweepId: options.sweepId,
    attempt: options.attempt,
    startedAt: new Date().toISOString(),
  };
  const create = validateEvent({ kind: 'create', payload }, 'init');
  const offline = s.offline;
  const tracker = new Tracker({
    runId: id,
    spoolDir: s.spoolDir,
    transport: offline ? undefined : trackingTransport(new TrackingServer(s.server, s.token)),
    log,
    heartbeatMs,
    attempt: options.attempt,
  });
  tracker.enqueue(create, true);
  const url = `${s.server}/runs/${id}`;
  log(offline ? `offline: events spooled to ${tracker.spoolFile} (upload them with \`mnist-lab sync\`)` : `tracking: ${url}`);
  return new ActiveRun({ id, name: payload.name, url, offline, tracker, log, interrupt: options.interrupt ?? 'exit' });
}

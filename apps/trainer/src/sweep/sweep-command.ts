// `mnist-lab sweep`: creates (or resumes) a sweep on the server and runs N agent processes here until it is done.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SWEEP_SEED_MAX, type BackendChoice, type Env, type SweepConfigInput } from '@mnist-lab/contracts';
import { CLI_BIN } from '../cli-bin';
import { cliToken, serverClient, type ServerClient } from '../server-client';
import { UsageError } from '../usage-error';
import { withRetry } from './server-call';
import { readSweepFile } from './sweep-file';
import { summaryLines, trialLine, type SweepDetail } from './trial-lines';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How often the sweep is read back for trials that ended. */
const POLL_MS = 1_000;

export interface SweepCommandOptions {
  config?: string;
  resume?: string;
  parallel: number;
  maxTrials?: number;
  seed?: number;
  server: string;
  backend: BackendChoice;
  /** Threads per trial (the agents' --threads); undefined: the agents' default, 1. */
  threads?: number;
  /** Told the sweep's id as soon as it is created or resumed (e.g. to repeat its best configurations afterwards). */
  onSweep?: (sweepId: string) => void;
  /** Told the sweep as it ended (or was stopped) and its dashboard page, before the summary lines (`--json`). */
  onEnd?: (sweep: SweepDetail, dashboard: string) => void;
}

interface Agent {
  index: number;
  child: ChildProcess;
  logFile: string;
  exit: Promise<number>;
}

function startAgent(index: number, sweepId: string, opts: SweepCommandOptions, logDir: string): Agent {
  const logFile = path.join(logDir, `agent-${index}.log`);
  const fd = openSync(logFile, 'a');
  const threads = opts.threads === undefined ? [] : ['--threads', String(opts.threads)];
  const child = spawn(process.execPath, [CLI_BIN, 'agent', '--sweep', sweepId, '--server', opts.server, '--backend', opts.backend, ...threads, '--quiet'], {
    // A process group of its own: Ctrl-C reaches this process alone, which forwards it once (a second one would
    // make the agent quit without marking its run stopped). The IPC channel lets the agent notice if we die.
    detached: true,
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  const exit = new Promise<number>((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
  return { index, child, logFile, exit };
}

function lastLine(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '';
  } catch {
    return '';
  }
}

/** Reads the sweep and prints each trial the first time it is seen finished or failed. */
class TrialReporter {
  private readonly reported = new Set<string>();

  constructor(
    private readonly client: ServerClient,
    private readonly sweepId: string,
    private readonly write: (line: string) => void,
  ) {}

  /** The sweep now, or undefined if the server did not answer; `quietly` records ended trials without printing them. */
  async poll(quietly = false): Promise<SweepDetail | undefined> {
    const sweep = await this.client.sweeps.get.query({ id: this.sweepId }).catch(() => undefined);
    for (const t of sweep?.trials ?? []) {
      if ((t.status !== 'finished' && t.status !== 'failed') || this.reported.has(t.runId)) continue;
      this.reported.add(t.runId);
      if (!quietly && sweep) this.write(trialLine(this.reported.size, sweep, t));
    }
    return sweep;
  }
}

async function openSweep(client: ServerClient, opts: SweepCommandOptions, write: (line: string) => void): Promise<string> {
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, { server: opts.server, patienceMs: 10_000 });
  if (opts.resume) {
    const resumed = await call(() => client.sweeps.resume.mutate({ id: opts.resume ?? '' }));
    write(`resuming sweep ${resumed.name} (${resumed.id})`);
    return resumed.id;
  }
  const file = readSweepFile(opts.config ?? '', opts.maxTrials);
  const seed = opts.seed ?? randomInt(0, SWEEP_SEED_MAX);
  // readSweepFile checked the mapping with the schema whose input type this is.
  const created = await call(() => client.sweeps.create.mutate({ config: file.raw as SweepConfigInput, seed }));
  write(`sweep ${created.name} (${created.id}): ${file.config.method}, metric ${file.config.metric} (${file.config.goal}), seed ${seed}`);
  return created.id;
}

export async function runSweep(opts: SweepCommandOptions, env: Env, write: (line: string) => void = (l) => console.log(l)): Promise<number> {
  if (Boolean(opts.config) === Boolean(opts.resume)) throw new UsageError('give --config <file> for a new sweep, or --resume <id> to continue one');
  if (opts.resume && (opts.maxTrials !== undefined || opts.seed !== undefined)) {
    throw new UsageError('--max-trials and --seed go with --config: a resumed sweep keeps its own');
  }
  if (opts.resume && !UUID.test(opts.resume)) throw new UsageError(`--resume ${opts.resume}: sweep ids are UUIDs`);
  const client = serverClient(opts.server, cliToken(env));
  const sweepId = await openSweep(client, opts, write);
  opts.onSweep?.(sweepId);
  const dashboard = `${opts.server.replace(/\/$/, '')}/sweeps/${sweepId}`;
  const reporter = new TrialReporter(client, sweepId, write);
  const start = await reporter.poll(true);
  if (start && start.progress.finished + start.progress.failed > 0) {
    write(`${start.progress.finished + start.progress.failed} of ${start.plannedTrials} trials already done`);
  }
  const logDir = path.join(env.home, 'sweeps', sweepId);
  mkdirSync(logDir, { recursive: true });
  write(`${opts.parallel} agent${opts.parallel === 1 ? '' : 's'} on this machine (logs in ${logDir}); live at ${dashboard}`);

  const agents = Array.from({ length: opts.parallel }, (_, i) => startAgent(i + 1, sweepId, opts, logDir));
  let interrupts = 0;
  let stopping: Promise<unknown> = Promise.resolve();
  const onSignal = () => {
    if (++interrupts === 1) {
      write('stopping: no more trials are handed out; running trials end as stopped (Ctrl-C again to quit at once)');
      stopping = client.sweeps.stop.mutate({ id: sweepId }).catch((e: unknown) => write(`could not mark the sweep stopped: ${(e as Error).message}`));
    }
    for (const a of agents) if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGINT');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let exited = false;
  const allExited = Promise.all(agents.map((a) => a.exit)).finally(() => (exited = true));
  try {
    while (!exited) {
      // Unref'd: once the agents are gone, a pending poll timer must not hold the command open for up to POLL_MS.
      await Promise.race([allExited, sleep(POLL_MS, undefined, { ref: false })]);
      await reporter.poll();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  await stopping;
  const final = await reporter.poll();
  if (!final) throw new Error(`cannot reach the tracking server at ${opts.server} to read the sweep's result; see ${dashboard}`);
  opts.onEnd?.(final, dashboard);
  for (const line of summaryLines(final, dashboard)) write(line);
  if (interrupts > 0) return 130;
  if (final.status === 'finished') return 0;
  const codes = await allExited;
  agents.forEach((a, i) => {
    if (codes[i] !== 0) write(`agent ${a.index} exited with code ${codes[i]}: ${lastLine(a.logFile)}`);
  });
  return codes.includes(2) ? 2 : 1;
}

// What a run records about where it ran: the host, the git commit of the working directory, the command line.
import { execFile } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';

/** HEAD of the git repository the process runs in, or undefined outside one (or without git). */
export function gitCommit(cwd = process.cwd()): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd, timeout: 5_000, encoding: 'utf8' }, (err, stdout) => {
      const sha = stdout?.trim();
      resolve(!err && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined);
    });
  });
}

/** An argument as a POSIX shell would need it typed. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** This process's command line as the user typed it: `node train.js --lr 0.01`, the script relative to the working directory. */
export function commandLine(argv: readonly string[] = process.argv, cwd = process.cwd()): string {
  const [exec, script, ...args] = argv;
  const parts = [path.basename(exec)];
  if (script !== undefined) {
    const rel = path.relative(cwd, script);
    parts.push(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : script);
  }
  return [...parts, ...args].map(shellQuote).join(' ').slice(0, 4_096);
}

/** The default run name: the script's file name and the start of the run's id, e.g. `train-3f9a2c1d`. */
export function defaultName(runId: string, argv: readonly string[] = process.argv): string {
  const script = argv[1] ? path.basename(argv[1]).replace(/\.[cm]?[jt]s$/, '') : '';
  return `${/^[\w.-]{1,100}$/.test(script) ? script : 'run'}-${runId.slice(0, 8)}`;
}

export const host = (): string => hostname().slice(0, 255);

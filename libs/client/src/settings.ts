// Where the client sends runs and with which token: the options given, else the environment, as the mnist-lab CLI does.
//
// This package reads process.env itself (the monorepo's one environment reader lives in @mnist-lab/contracts' env.ts,
// which is for the CLI and the server): a user's script is its own process with no parsed environment to pass in.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The CLI's default when MNIST_LAB_SERVER is unset: the dashboard's default address. */
export const DEFAULT_SERVER = 'http://localhost:3000';

export interface Settings {
  server: string;
  token: string | undefined;
  /** mnist-lab's home: the server's token file and the spool. */
  home: string;
  spoolDir: string;
  /** MNIST_LAB_OFFLINE=1 (or true): spool only, as W&B's WANDB_MODE=offline does, without touching the script. */
  offline: boolean;
}

const env = (name: string): string | undefined => {
  const v = process.env[name]?.trim();
  return v ? v : undefined;
};

/** The write token: the given one, else MNIST_LAB_TOKEN, else the one the server wrote into the mnist-lab home on first start. */
export function resolveToken(token: string | undefined, home: string): string | undefined {
  if (token) return token;
  try {
    return readFileSync(path.join(home, 'token'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function resolveSettings(given: { server?: string; token?: string; spoolDir?: string; offline?: boolean }): Settings {
  const home = env('MNIST_LAB_HOME') ?? path.join(homedir(), '.mnist-lab');
  const server = given.server ?? env('MNIST_LAB_SERVER') ?? DEFAULT_SERVER;
  try {
    new URL(server);
  } catch {
    throw new Error(`mnist-lab: server ${JSON.stringify(server)} is not a URL such as http://localhost:3000 (option server or MNIST_LAB_SERVER)`);
  }
  return {
    server: server.replace(/\/+$/, ''),
    token: resolveToken(given.token ?? env('MNIST_LAB_TOKEN'), home),
    home,
    spoolDir: given.spoolDir ?? path.join(home, 'spool'),
    offline: given.offline ?? /^(1|true|yes)$/i.test(env('MNIST_LAB_OFFLINE') ?? ''),
  };
}

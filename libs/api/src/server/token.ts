// The write token: MNIST_LAB_TOKEN if set, else the one kept in the mnist-lab home, created on first start.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Token {
  value: string;
  /** Where it came from, for the start banner. */
  source: string;
  /** Made by this start: the one time the banner shows it in full (the user has nowhere else to read it yet but the file). */
  created: boolean;
}

/** How the banner shows a token it did not create: enough to tell which one it is, not enough to use it. */
export function maskToken(value: string): string {
  return `${value.slice(0, 4)}${'•'.repeat(8)} (${value.length} characters)`;
}

/** The start banner's token line: in full when this start created it, masked otherwise. */
export function tokenLine(token: Token): string {
  return `token: ${token.created ? token.value : maskToken(token.value)} (${token.source})`;
}

export async function loadToken(opts: { envToken?: string; home: string }): Promise<Token> {
  if (opts.envToken) return { value: opts.envToken, source: 'MNIST_LAB_TOKEN', created: false };
  const file = path.join(opts.home, 'token');
  await mkdir(opts.home, { recursive: true, mode: 0o700 });
  const fresh = randomBytes(32).toString('hex');
  try {
    // 'wx' fails if the file exists, so two servers starting at once agree on one token.
    await writeFile(file, `${fresh}\n`, { flag: 'wx', mode: 0o600 });
    return { value: fresh, source: `created ${file}`, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const saved = (await readFile(file, 'utf8')).trim();
  if (saved.length < 16) throw new Error(`${file} holds no usable token (under 16 characters): delete it to get a new one`);
  return { value: saved, source: file, created: false };
}

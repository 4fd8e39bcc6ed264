// The only reader of the environment: every setting mnist-lab takes from env vars, parsed once with a clear error.
import { z } from 'zod';

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgresql:// URL')
    .optional(),
  MNIST_LAB_HOME: z.string().min(1).optional(),
  HOME: z.string().min(1).optional(),
  MNIST_LAB_TOKEN: z.string().min(16, 'MNIST_LAB_TOKEN must be at least 16 characters').optional(),
  MNIST_LAB_SERVER: z.url('MNIST_LAB_SERVER must be a URL such as http://localhost:3000').optional(),
  MNIST_DATA_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Reads need a token or a session too; the default off a loopback HOST. */
  MNIST_LAB_PRIVATE: z.enum(['0', '1', 'true', 'false'], 'MNIST_LAB_PRIVATE must be 1 or 0').optional(),
  /** `mnist-lab train --threads`'s default (else one per core), as OMP_NUM_THREADS is PyTorch's. */
  MNIST_LAB_THREADS: z.coerce.number().int('MNIST_LAB_THREADS must be a whole number').min(1, 'MNIST_LAB_THREADS must be at least 1').max(64, 'MNIST_LAB_THREADS must be at most 64').optional(),
  /** A running run whose last heartbeat is older than this is marked crashed. */
  MNIST_LAB_CRASH_AFTER_S: z.coerce.number().int().min(5).max(86_400).default(60),
  /** The PostgreSQL the test suites create their databases on; `npm test` sets it when it starts an embedded one. */
  MNIST_LAB_TEST_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'MNIST_LAB_TEST_DATABASE_URL must be a postgresql:// URL')
    .optional(),
});

export interface Env {
  databaseUrl?: string;
  /** mnist-lab's home: token, embedded PostgreSQL, spool, run folders. */
  home: string;
  token?: string;
  server: string;
  mnistDataDir?: string;
  port: number;
  host: string;
  /** Private mode: pages, exports and reads need a session or a token (MNIST_LAB_PRIVATE, else on when HOST is not loopback). */
  private: boolean;
  crashAfterSeconds: number;
  /** The trainer's default threads (MNIST_LAB_THREADS); unset: one per core. */
  threads?: number;
  /** Where test databases are created (tests only); unset: the local PostgreSQL at 127.0.0.1:5432. */
  testDatabaseUrl?: string;
}

/** Whether a listen address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export class EnvError extends Error {
  override name = 'EnvError';
}

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvError(`invalid environment: ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const home = e.MNIST_LAB_HOME ?? (e.HOME ? `${e.HOME.replace(/\/$/, '')}/.mnist-lab` : undefined);
  if (!home) throw new EnvError('invalid environment: set MNIST_LAB_HOME or HOME (mnist-lab keeps its files there)');
  return {
    databaseUrl: e.DATABASE_URL,
    home,
    token: e.MNIST_LAB_TOKEN,
    server: e.MNIST_LAB_SERVER ?? `http://localhost:${e.PORT}`,
    mnistDataDir: e.MNIST_DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    private: e.MNIST_LAB_PRIVATE === undefined ? !isLoopback(e.HOST) : e.MNIST_LAB_PRIVATE === '1' || e.MNIST_LAB_PRIVATE === 'true',
    crashAfterSeconds: e.MNIST_LAB_CRASH_AFTER_S,
    threads: e.MNIST_LAB_THREADS,
    testDatabaseUrl: e.MNIST_LAB_TEST_DATABASE_URL,
  };
}

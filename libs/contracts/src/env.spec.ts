import { describe, expect, it } from 'vitest';
import { EnvError, readEnv } from './env';

describe('readEnv', () => {
  it('defaults home to ~/.mnist-lab and the server to localhost:PORT', () => {
    const env = readEnv({ HOME: '/home/ada', PORT: '4000' });
    expect(env.home).toBe('/home/ada/.mnist-lab');
    expect(env.server).toBe('http://localhost:4000');
    expect(env.host).toBe('127.0.0.1');
    expect(env.databaseUrl).toBeUndefined();
  });

  it('rejects a malformed DATABASE_URL with a one-line message naming the variable', () => {
    expect(() => readEnv({ HOME: '/h', DATABASE_URL: 'mysql://x' })).toThrow(EnvError);
    expect(() => readEnv({ HOME: '/h', DATABASE_URL: 'mysql://x' })).toThrow(/^invalid environment: DATABASE_URL/);
  });

  it('takes the trainer\'s default threads from MNIST_LAB_THREADS, a whole number from 1 to 64', () => {
    expect(readEnv({ HOME: '/h' }).threads).toBeUndefined();
    expect(readEnv({ HOME: '/h', MNIST_LAB_THREADS: '1' }).threads).toBe(1);
    expect(() => readEnv({ HOME: '/h', MNIST_LAB_THREADS: '0' })).toThrow(/^invalid environment: MNIST_LAB_THREADS: MNIST_LAB_THREADS must be at least 1$/);
    expect(() => readEnv({ HOME: '/h', MNIST_LAB_THREADS: '1.5' })).toThrow(/MNIST_LAB_THREADS must be a whole number/);
  });

  it('rejects a port out of range', () => {
    expect(() => readEnv({ HOME: '/h', PORT: '70000' })).toThrow(/PORT/);
  });
});

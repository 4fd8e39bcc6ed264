// Where a script's runs go: options first, then the environment, as the mnist-lab CLI resolves them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveSettings } from './settings';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('resolveSettings', () => {
  it('goes offline with MNIST_LAB_OFFLINE=1 or true, and an explicit option wins over the environment', () => {
    vi.stubEnv('MNIST_LAB_OFFLINE', '');
    expect(resolveSettings({}).offline).toBe(false);
    for (const on of ['1', 'true', 'TRUE', 'yes']) {
      vi.stubEnv('MNIST_LAB_OFFLINE', on);
      expect(resolveSettings({}).offline).toBe(true);
    }
    vi.stubEnv('MNIST_LAB_OFFLINE', '0');
    expect(resolveSettings({}).offline).toBe(false);
    vi.stubEnv('MNIST_LAB_OFFLINE', '1');
    expect(resolveSettings({ offline: false }).offline).toBe(false);
  });

  it('takes the server from the option, else MNIST_LAB_SERVER, and refuses one that is not a URL in one line', () => {
    vi.stubEnv('MNIST_LAB_SERVER', 'http://lab:3000/');
    expect(resolveSettings({}).server).toBe('http://lab:3000');
    expect(resolveSettings({ server: 'http://other:1' }).server).toBe('http://other:1');
    expect(() => resolveSettings({ server: 'lab' })).toThrow(/^mnist-lab: server "lab" is not a URL/);
  });
});

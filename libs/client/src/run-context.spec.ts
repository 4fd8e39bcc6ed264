import { describe, expect, it } from 'vitest';
import { commandLine, defaultName, shellQuote } from './run-context';

describe('what a run records about where it ran', () => {
  it('records the command line as a shell would take it back, the script relative to the working directory', () => {
    expect(commandLine(['/usr/local/bin/node', '/home/ana/mnist/train.js', '--lr', '0.01', '--name', "ana's run"], '/home/ana/mnist')).toBe(
      `node train.js --lr 0.01 --name 'ana'\\''s run'`,
    );
    expect(commandLine(['/usr/bin/node', '/opt/x/train.mjs'], '/home/ana')).toBe('node /opt/x/train.mjs');
    expect(commandLine(['/usr/bin/node'], '/')).toBe('node');
  });

  it('quotes only what needs quoting', () => {
    expect(shellQuote('--hidden-units=128,64')).toBe('--hidden-units=128,64');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('')).toBe("''");
  });

  it('names a run after its script by default', () => {
    expect(defaultName('3f9a2c1d-0000-4000-8000-000000000000', ['node', '/x/train-cnn.ts'])).toBe('train-cnn-3f9a2c1d');
    expect(defaultName('3f9a2c1d-0000-4000-8000-000000000000', ['node'])).toBe('run-3f9a2c1d');
  });
});

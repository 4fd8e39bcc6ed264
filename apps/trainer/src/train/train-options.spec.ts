import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error';
import { resolveTrainOptions, type CommandLine } from './train-options';

function cli(values: Record<string, unknown>): CommandLine {
  return { values, given: (k) => k in values && k !== 'config' };
}

function configFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mnist-lab-config-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('resolveTrainOptions', () => {
  it('uses the reference network when nothing is given', () => {
    const o = resolveTrainOptions(cli({}));
    expect(o.hyperparams.hiddenUnits).toEqual([64, 32]);
    expect(o.backend).toBe('auto');
    expect(o.name).toMatch(/^mlp-64x32-bn-[0-9a-f]{4}$/);
  });

  it('parses every kind of flag strictly', () => {
    const o = resolveTrainOptions(
      cli({ hiddenUnits: '128, 64', learningRate: '3e-3', batchSize: '128', batchNorm: false, optimizer: 'sgd', tags: 'a, b' }),
    );
    expect(o.hyperparams).toMatchObject({ hiddenUnits: [128, 64], learningRate: 0.003, batchSize: 128, batchNorm: false, optimizer: 'sgd' });
    expect(o.tags).toEqual(['a', 'b']);
  });

  it('lets flags override a YAML config file, and reads flag-style keys', () => {
    const file = configFile('c.yaml', 'learning-rate: 0.01\nbatchSize: 64\nname: from-file\ntags: [x]\n');
    const o = resolveTrainOptions({ values: { config: file, batchSize: '256' }, given: (k) => k === 'batchSize' });
    expect(o.hyperparams.learningRate).toBe(0.01);
    expect(o.hyperparams.batchSize).toBe(256);
    expect(o.name).toBe('from-file');
    expect(o.tags).toEqual(['x']);
  });

  it('reads JSON config files', () => {
    const file = configFile('c.json', JSON.stringify({ dropout: 0.3, epochs: 3 }));
    const o = resolveTrainOptions({ values: { config: file }, given: () => false });
    expect(o.hyperparams).toMatchObject({ dropout: 0.3, epochs: 3 });
  });

  it.each([
    [{ dropout: '1' }, /^--dropout: dropout must be in \[0, 1\)$/],
    [{ dropout: 'abc' }, /^--dropout: expected a number, got 'abc'$/],
    [{ learningRate: '0' }, /^--learning-rate: learning rate must be > 0$/],
    [{ learningRate: '-1' }, /^--learning-rate:/],
    [{ batchSize: '0' }, /^--batch-size: batch size must be at least 1$/],
    [{ batchSize: '1.5' }, /^--batch-size: expected a whole number/],
    [{ hiddenUnits: '64,x' }, /^--hidden-units: expected comma-separated layer sizes/],
    [{ optimizer: 'adamw' }, /^--optimizer: expected one of adam, sgd, momentum, rmsprop/],
  ])('rejects %j with one line naming the flag', (values, message) => {
    expect(() => resolveTrainOptions(cli(values))).toThrow(UsageError);
    expect(() => resolveTrainOptions(cli(values))).toThrow(message);
  });

  it('rejects bad config files with the file name in the message', () => {
    expect(() => resolveTrainOptions({ values: { config: '/nonexistent.yaml' }, given: () => false })).toThrow(
      /^--config \/nonexistent.yaml: no such file$/,
    );
    const broken = configFile('b.yaml', 'learningRate: [1,\n');
    expect(() => resolveTrainOptions({ values: { config: broken }, given: () => false })).toThrow(/not valid JSON or YAML/);
    const unknown = configFile('u.yaml', 'learningRat: 0.1\n');
    expect(() => resolveTrainOptions({ values: { config: unknown }, given: () => false })).toThrow(/unknown key 'learningRat'/);
    const invalid = configFile('i.yaml', 'dropout: 2\n');
    expect(() => resolveTrainOptions({ values: { config: invalid }, given: () => false })).toThrow(/i.yaml: --dropout: dropout must be/);
    // YAML's "\0" is a NUL: PostgreSQL cannot store it, so the run is refused before it trains, not retried forever.
    const nul = configFile('n.yaml', 'notes: "before\\0after"\n');
    expect(() => resolveTrainOptions({ values: { config: nul }, given: () => false })).toThrow(/n.yaml: --notes: contains a NUL character/);
    expect(() => resolveTrainOptions({ values: { name: 'a\u0000b' }, given: (k) => k === 'name' })).toThrow(/--name: contains a NUL character/);
    const list = configFile('l.yaml', '- 1\n- 2\n');
    expect(() => resolveTrainOptions({ values: { config: list }, given: () => false })).toThrow(/expected a mapping/);
  });

  it('takes --threads from the flag or the config file, strictly; unset means one per core (decided when the run starts)', () => {
    expect(resolveTrainOptions(cli({})).threads).toBeUndefined();
    expect(resolveTrainOptions(cli({ threads: '2' })).threads).toBe(2);
    expect(() => resolveTrainOptions(cli({ threads: '2x' }))).toThrow(/^--threads: expected a whole number from 1 to 64, got '2x'$/);
    expect(() => resolveTrainOptions(cli({ threads: '0' }))).toThrow(/^--threads: threads must be at least 1$/);
    expect(() => resolveTrainOptions(cli({ threads: '65' }))).toThrow(/^--threads: threads must be at most 64$/);
    const file = configFile('t.yaml', 'threads: 1\n');
    expect(resolveTrainOptions({ values: { config: file }, given: () => false }).threads).toBe(1);
    expect(resolveTrainOptions({ values: { config: file, threads: '2' }, given: (k) => k === 'threads' }).threads).toBe(2);
  });

  it('takes --log-every from the flag or the config file (logEvery or log-every), strictly', () => {
    expect(resolveTrainOptions(cli({})).logEvery).toBeUndefined();
    expect(resolveTrainOptions(cli({ logEvery: '5' })).logEvery).toBe(5);
    expect(resolveTrainOptions(cli({ logEvery: '0' })).logEvery).toBe(0);
    expect(() => resolveTrainOptions(cli({ logEvery: '2x' }))).toThrow(/^--log-every: expected a whole number of batches \(0: off\), got '2x'$/);
    const camel = configFile('a.yaml', 'logEvery: 10\n');
    expect(resolveTrainOptions({ values: { config: camel }, given: () => false }).logEvery).toBe(10);
    const flag = configFile('b.yaml', 'log-every: 0\n');
    expect(resolveTrainOptions({ values: { config: flag, logEvery: '3' }, given: (k) => k === 'logEvery' }).logEvery).toBe(3);
    expect(resolveTrainOptions({ values: { config: flag }, given: () => false }).logEvery).toBe(0);
    const negative = configFile('c.yaml', 'logEvery: -1\n');
    // Named with the file it came from, as a hyperparameter's error is.
    expect(() => resolveTrainOptions({ values: { config: negative }, given: () => false })).toThrow(/^--config \S+\/c\.yaml: --log-every: log-every must be 0 \(off\) or more$/);
  });
});

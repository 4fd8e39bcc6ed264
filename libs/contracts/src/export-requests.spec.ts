// Download names and the export query: what a user gets on disk and which runs an export holds.
import { describe, expect, it } from 'vitest';
import { RunsExportSchema, downloadBaseName } from './export-requests';

const ID = '0b7e6f3c-1111-4222-8333-444455556666';

describe('downloadBaseName', () => {
  it('keeps ordinary run names as they are', () => {
    expect(downloadBaseName('mlp-64-32_lr1e-3', ID)).toBe('mlp-64-32_lr1e-3');
    expect(downloadBaseName('größe 7', ID)).toBe('größe-7');
  });

  it('turns separators, quotes, shell characters and whitespace into single dashes', () => {
    expect(downloadBaseName('sweep/trial 3: "best"', ID)).toBe('sweep-trial-3-best');
    expect(downloadBaseName('lr=1e-3, $(rm -rf)', ID)).toBe('lr-1e-3-rm-rf');
    expect(downloadBaseName('a\tb\nc', ID)).toBe('a-b-c');
  });

  it('never starts with a dot (a hidden file) and falls back to the run id', () => {
    expect(downloadBaseName('..hidden', ID)).toBe('hidden');
    expect(downloadBaseName('///', ID)).toBe('run-0b7e6f3c');
  });

  it('caps long names', () => {
    expect(downloadBaseName('x'.repeat(500), ID)).toHaveLength(100);
  });
});

describe('RunsExportSchema', () => {
  it("is the table's query without paging, with its defaults", () => {
    expect(RunsExportSchema.parse({ page: 3, pageSize: 25 })).toEqual({ sort: 'startedAt', direction: 'desc', archived: 'exclude' });
  });
});

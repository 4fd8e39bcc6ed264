// Every config key can be a runs table column: its id, its sort and its alignment come from the path and its types.
import { describe, expect, it } from 'vitest';
import { configColumnId, normalizeColumnId, orderColumns, tableColumn } from './run-columns';

describe('run columns', () => {
  it('makes a sortable column of any config path', () => {
    expect(tableColumn(configColumnId('optimizer.lr'), ['number'])).toEqual({
      id: 'config.optimizer.lr',
      label: 'optimizer.lr',
      title: 'config key optimizer.lr',
      sort: 'config.optimizer.lr',
      numeric: true,
      path: 'optimizer.lr',
    });
    expect(tableColumn('config.arch', ['string'])?.numeric).toBe(false);
    expect(tableColumn('config.arch')?.numeric).toBe(false);
    expect(tableColumn('paramCount')).toMatchObject({ label: 'Params', sort: 'paramCount', numeric: true });
    expect(tableColumn('nope')).toBeUndefined();
  });

  it('reads legacy and malformed ids from the URL', () => {
    expect(normalizeColumnId('optimizer')).toBe('config.optimizer');
    expect(normalizeColumnId('family')).toBe('family');
    expect(normalizeColumnId('config.')).toBeUndefined();
    expect(normalizeColumnId('config.a b')).toBeUndefined();
  });

  it('orders fixed columns as defined and config columns before the results', () => {
    expect(orderColumns(['startedAt', 'config.b', 'status', 'config.a', 'lastEpoch', 'status'])).toEqual([
      'status',
      'config.b',
      'config.a',
      'lastEpoch',
      'startedAt',
    ]);
  });
});

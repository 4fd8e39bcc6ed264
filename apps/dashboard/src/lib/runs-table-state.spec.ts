// A shared link must reopen the same runs view: every part of the table's state survives a URL round trip.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  parseFilterValue,
  parseRunsTableState,
  serializeRunsTableState,
  toListRunsInput,
  toggleColumn,
  type RunsTableState,
} from './runs-table-state';

const id1 = '0b8f9a3e-1111-4a1b-9c2d-0123456789ab';
const id2 = '0b8f9a3e-2222-4a1b-9c2d-0123456789ab';

describe('runs table URL state', () => {
  it('keeps the default view out of the URL', () => {
    expect(serializeRunsTableState(DEFAULT_STATE).toString()).toBe('');
    expect(parseRunsTableState(new URLSearchParams())).toEqual(DEFAULT_STATE);
  });

  it('round-trips filters, sort, page, columns and selection', () => {
    const state: RunsTableState = {
      status: ['running', 'finished'],
      tag: 'baseline',
      sweepId: id1,
      search: 'lr sweep',
      config: { batchSize: 32, optimizer: 'adam', batchNorm: false, 'optimizer.lr': 0.001 },
      sort: 'config.optimizer.lr',
      direction: 'asc',
      page: 3,
      pageSize: 100,
      columns: ['status', 'testAccuracy', 'seed', 'config.optimizer.lr'],
      selected: [id1, id2],
      groupBy: { kind: 'keys', keys: ['arch', 'optimizer.lr'] },
      archived: 'include',
    };
    const url = serializeRunsTableState(state).toString();
    expect(parseRunsTableState(new URLSearchParams(url))).toEqual(state);
  });

  it('keeps the grouping in the URL: everything but the seed, or config keys', () => {
    const bySeed = { ...DEFAULT_STATE, groupBy: { kind: 'config' } as const };
    expect(serializeRunsTableState(bySeed).toString()).toBe('group=-seed');
    expect(parseRunsTableState(serializeRunsTableState(bySeed))).toEqual(bySeed);
    expect(parseRunsTableState(new URLSearchParams('group=')).groupBy).toEqual({ kind: 'none' });
  });

  it('ignores malformed values instead of failing', () => {
    const s = parseRunsTableState(new URLSearchParams('status=bogus,failed&sort=nope&page=-2&size=7&cols=zzz&sel=x'));
    expect(s.status).toEqual(['failed']);
    expect(s.sort).toBe('startedAt');
    expect(s.page).toBe(1);
    expect(s.pageSize).toBe(50);
    expect(s.columns).toEqual(DEFAULT_STATE.columns);
    expect(s.selected).toEqual([]);
  });

  it('shows archived runs only when the URL asks, and sends the choice to runs.list and the export', () => {
    for (const archived of ['include', 'only'] as const) {
      const state = { ...DEFAULT_STATE, archived };
      expect(serializeRunsTableState(state).toString()).toBe(`archived=${archived}`);
      expect(parseRunsTableState(serializeRunsTableState(state))).toEqual(state);
      expect(toListRunsInput(state).archived).toBe(archived);
    }
    expect(parseRunsTableState(new URLSearchParams('archived=yes')).archived).toBe('exclude');
    expect(toListRunsInput(DEFAULT_STATE)).not.toHaveProperty('archived');
  });

  it('opens links written before configs were open', () => {
    const s = parseRunsTableState(new URLSearchParams('hp.optimizer=adam&hp.batchSize=32&config.model.depth=3&cols=status,optimizer,hiddenUnits&sort=hiddenUnits'));
    expect(s.config).toEqual({ optimizer: 'adam', batchSize: 32, 'model.depth': 3 });
    expect(s.columns).toEqual(['status', 'config.optimizer', 'config.hiddenUnits']);
    expect(s.sort).toBe('config.hiddenUnits');
    // Filters are always written with the hp. prefix the README and exports link with.
    expect(serializeRunsTableState(s).get('hp.model.depth')).toBe('3');
  });

  it('drops config paths the API would refuse', () => {
    const s = parseRunsTableState(new URLSearchParams('hp.=1&hp..x=2&cols=config.,config. a&sort=config.'));
    expect(s.config).toEqual({});
    expect(s.columns).toEqual(DEFAULT_STATE.columns);
    expect(s.sort).toBe('startedAt');
  });

  it('keeps config columns before the results when one is shown', () => {
    const cols = toggleColumn(DEFAULT_STATE.columns, 'config.optimizer.lr', true);
    expect(cols.indexOf('config.optimizer.lr')).toBe(cols.indexOf('lastEpoch') - 1);
    expect(toggleColumn(cols, 'config.optimizer.lr', false)).toEqual(DEFAULT_STATE.columns);
  });

  it('types hyperparameter filter values the way a user means them', () => {
    expect(parseFilterValue('32')).toBe(32);
    expect(parseFilterValue('0.001')).toBe(0.001);
    expect(parseFilterValue('true')).toBe(true);
    expect(parseFilterValue('adam')).toBe('adam');
  });

  it('sends only the filters that are set to runs.list', () => {
    const input = toListRunsInput({ ...DEFAULT_STATE, tag: 'x' });
    expect(input).toEqual({ tag: 'x', sort: 'startedAt', direction: 'desc', page: 1, pageSize: 50 });
    expect(toListRunsInput({ ...DEFAULT_STATE, config: { 'optimizer.name': 'adam' }, sort: 'config.optimizer.lr' })).toMatchObject({
      config: { 'optimizer.name': 'adam' },
      sort: 'config.optimizer.lr',
    });
  });
});

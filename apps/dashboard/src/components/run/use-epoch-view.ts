'use client';
// Which set the run page's matrix and gallery show, in the URL (`set`, `epoch`, `history`): the final test set, or
// the validation set at an epoch with an optional forgetting filter, so "the 4s it forgot by epoch 3" is a link.
import { parseAsInteger, parseAsStringLiteral, useQueryStates } from 'nuqs';
import { useCallback, useMemo } from 'react';
import { HISTORY_FILTERS, type HistoryFilter } from '../../lib/epoch-digits';

export interface EpochView {
  set: 'test' | 'validation';
  /** Undefined: the last stored epoch. */
  epoch?: number;
  history?: HistoryFilter;
}

const params = {
  set: parseAsStringLiteral(['test', 'validation'] as const).withDefault('test'),
  epoch: parseAsInteger,
  history: parseAsStringLiteral(HISTORY_FILTERS),
};

export function useEpochView(): [EpochView, (next: EpochView) => void] {
  const [query, setQuery] = useQueryStates(params);
  const view: EpochView = useMemo(
    () => ({ set: query.set, epoch: query.epoch ?? undefined, history: query.history ?? undefined }),
    [query.set, query.epoch, query.history],
  );
  // Keys left out of `next` are cleared, as the gallery filter's are.
  const setView = useCallback((next: EpochView) => void setQuery({ set: next.set, epoch: next.epoch ?? null, history: next.history ?? null }), [setQuery]);
  return [view, setView];
}

'use client';
// The validation set of a run epoch by epoch, fetched so the slider moves without waiting: the history once, the
// epoch shown, then every other epoch (runs of up to 30 epochs; beyond that the 3 on each side of the one shown).
// A step then only decodes 3 x 6,000 bytes and counts a matrix in the browser.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { fromBase64 } from '@mnist-lab/contracts';
import { useMemo } from 'react';
import { confusionFrom } from '../../lib/class-metrics';
import { useTRPC } from '../../trpc/react';
import type { RouterOutputs } from '../../trpc/types';

type History = RouterOutputs['runs']['validationHistory'];
type At = RouterOutputs['runs']['validationAt'];

const PREFETCH_ALL = 30;
const NEIGHBOURS = 3;

export interface DecodedEpoch {
  epoch: number;
  truth: Uint8Array;
  predicted: Uint8Array;
  confidences: Uint8Array;
  matrix: number[][];
  accuracy: number;
}

function decode(at: At): DecodedEpoch {
  const truth = fromBase64(at.trueLabels);
  const predicted = fromBase64(at.predictedLabels);
  return { epoch: at.epoch, truth, predicted, confidences: fromBase64(at.confidences), matrix: confusionFrom(truth, predicted), accuracy: at.accuracy };
}

/** `stored`: the run's validationEpochs (runs.get); with none, nothing is asked (the answer would be a 409). */
export function useValidationEpochs(runId: string, stored: number, wanted: number | undefined, active: boolean, poll: number | false) {
  const trpc = useTRPC();
  const history = useQuery({
    ...trpc.runs.validationHistory.queryOptions({ runId }),
    enabled: stored > 0,
    staleTime: Infinity,
    // While the run trains, new epochs arrive: the slider's stops follow them.
    refetchInterval: poll,
    // A run without validation predictions answers 409: a fact about the run, not a failure worth retrying.
    retry: (count, error) => error.data?.code !== 'CONFLICT' && count < 2,
  });
  const epochs = useMemo(() => history.data?.epochs ?? [], [history.data]);
  const epoch = wanted !== undefined && epochs.includes(wanted) ? wanted : epochs.at(-1);
  const current = useQuery({
    ...trpc.runs.validationAt.queryOptions({ runId, epoch: epoch ?? 1 }),
    enabled: active && epoch !== undefined,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
  const at = epochs.indexOf(epoch ?? -1);
  const others = !current.isSuccess
    ? []
    : epochs.length <= PREFETCH_ALL
      ? epochs
      : epochs.slice(Math.max(0, at - NEIGHBOURS), at + NEIGHBOURS + 1);
  const prefetched = useQueries({
    queries: others.map((e) => ({ ...trpc.runs.validationAt.queryOptions({ runId, epoch: e }), staleTime: Infinity })),
  });

  // Pixels of a validation digit never change: gathered from every epoch fetched, so a digit right at this epoch
  // (shown by a forgetting filter) is drawn from an epoch where it was wrong.
  const loaded = [current.data, ...prefetched.map((q) => q.data)];
  const loadedKey = loaded.map((d) => d?.epoch ?? '').join(',');
  const pixels = useMemo(() => {
    const map = new Map<number, string>();
    for (const d of history.data?.mostForgotten ?? []) if (d.pixels) map.set(d.index, d.pixels);
    for (const data of loaded) for (const m of data?.misclassified ?? []) if (m.pixels) map.set(m.index, m.pixels);
    return map;
    // `loaded` is a new array each render; the epochs it holds say when it changed.
  }, [loadedKey, history.data]);
  const shown = useMemo(() => (current.data ? decode(current.data) : undefined), [current.data]);
  return {
    history,
    epochs,
    epoch,
    /** The epoch whose data is on screen: behind `epoch` while the next one loads. */
    shown,
    stale: current.isPlaceholderData || (shown !== undefined && shown.epoch !== epoch),
    current,
    pixels,
    ready: prefetched.filter((q) => q.isSuccess).length,
  };
}

export type ValidationEpochs = ReturnType<typeof useValidationEpochs>;
export type { History as ValidationHistory };

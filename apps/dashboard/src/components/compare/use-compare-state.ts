// The compare page's state (runs in color order, smoothing, x axis, log scale) in the URL.
import { parseCompareState, serializeCompareState, type CompareState } from '../../lib/compare-state';
import { useUrlState } from '../common/use-url-state';

export function useCompareState(): [CompareState, (patch: Partial<CompareState>) => void] {
  const [state, setState] = useUrlState(parseCompareState, serializeCompareState);
  return [state, (patch) => setState((previous) => ({ ...previous, ...patch }))];
}

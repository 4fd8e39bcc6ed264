// The hard-digits page's state (sweep or runs, minimum share) in the URL.
import { parseHardDigitsState, serializeHardDigitsState, type HardDigitsState } from '../../lib/hard-digits-state';
import { useUrlState } from '../common/use-url-state';

export function useHardDigitsState(): [HardDigitsState, (patch: Partial<HardDigitsState>) => void] {
  const [state, setState] = useUrlState(parseHardDigitsState, serializeHardDigitsState);
  return [state, (patch) => setState((previous) => ({ ...previous, ...patch }))];
}

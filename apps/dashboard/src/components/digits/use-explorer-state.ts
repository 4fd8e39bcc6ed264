// The digit explorer's state (runs or a sweep, filters, sort) in the URL, so any view of it is a link.
import { parseExplorerState, serializeExplorerState, type ExplorerState } from '../../lib/digit-explorer';
import { useUrlState } from '../common/use-url-state';

export function useExplorerState(): [ExplorerState, (patch: Partial<ExplorerState>) => void] {
  const [state, setState] = useUrlState(parseExplorerState, serializeExplorerState);
  return [state, (patch) => setState((previous) => ({ ...previous, ...patch }))];
}

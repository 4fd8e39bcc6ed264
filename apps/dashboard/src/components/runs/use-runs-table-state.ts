// The runs table's state (filters, sort, page, columns, selection) in the URL.
import { parseRunsTableState, serializeRunsTableState, type RunsTableState } from '../../lib/runs-table-state';
import { useUrlState, type Update } from '../common/use-url-state';

export function useRunsTableState(): [RunsTableState, (update: Update<RunsTableState>) => void] {
  return useUrlState(parseRunsTableState, serializeRunsTableState);
}

// Download links for the runs table as it is filtered and sorted: every matching run, not only the page shown.
import { serializeRunsTableState, type RunsTableState } from '../../lib/runs-table-state';

export function RunsExport({ state }: { state: RunsTableState }) {
  // The export route reads the table's own query; selection and paging do not narrow an export.
  const query = serializeRunsTableState({ ...state, selected: [], page: 1 }).toString();
  const href = (format: 'csv' | 'json') => `/api/export/runs.${format}${query ? `?${query}` : ''}`;
  return (
    <span title="Every run matching the current filters, in the current order: hyperparameters and final metrics">
      <span className="muted">Export</span>{' '}
      <a className="btn-link" href={href('csv')} download="mnist-lab-runs.csv" data-testid="export-runs-csv">
        CSV
      </a>
      {' · '}
      <a className="btn-link" href={href('json')} download="mnist-lab-runs.json" data-testid="export-runs-json">
        JSON
      </a>
    </span>
  );
}

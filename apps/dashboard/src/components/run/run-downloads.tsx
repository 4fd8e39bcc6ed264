// A run's files: its trained model (to try in the playground or download for tfjs) and its metric history as CSV or JSON.
import { Link } from '../common/app-link';
import { downloadBaseName } from '@mnist-lab/contracts';
import { isLiveStatus } from '../../trpc/live';
import type { RunDetail } from '../../trpc/types';
import styles from './run-downloads.module.css';

export function RunDownloads({ run }: { run: RunDetail }) {
  const base = downloadBaseName(run.name, run.id);
  const api = `/api/runs/${run.id}`;
  return (
    <section className="card section" aria-label="Model and downloads" data-testid="run-downloads">
      <div className={`card-body ${styles.bar}`}>
        <div className={styles.group}>
          <strong>Model</strong>
          {run.hasModel ? (
            <>
              <Link className="btn btn-small btn-primary" href={`/playground?runs=${run.id}`} data-testid="try-in-playground">
                Try in playground
              </Link>
              <a className="btn btn-small" href={`${api}/model.zip`} download={`${base}-model.zip`} data-testid="download-model-zip">
                Download model (.zip)
              </a>
              <a className="btn-link" href={`${api}/model/model.json?download`} download={`${base}-model.json`} data-testid="download-model-json">
                model.json
              </a>
              <a className="btn-link" href={`${api}/model/weights.bin?download`} download={`${base}-weights.bin`} data-testid="download-model-weights">
                weights.bin
              </a>
              <span className={`muted ${styles.note}`}>
                tfjs layers format; keep both files in one folder and load with <code>tf.loadLayersModel</code>.
              </span>
            </>
          ) : (
            <span className="muted">
              {isLiveStatus(run.status) ? 'Stored when the run finishes.' : 'This run stored no model.'}
            </span>
          )}
        </div>
        <span className={styles.spacer} />
        <div className={styles.group}>
          <strong>Metric history</strong>
          <a className="btn btn-small" href={`${api}/metrics.csv`} download={`${base}-metrics.csv`} data-testid="download-metrics-csv">
            CSV
          </a>
          <a className="btn btn-small" href={`${api}/metrics.json`} download={`${base}-metrics.json`} data-testid="download-metrics-json">
            JSON
          </a>
        </div>
      </div>
    </section>
  );
}

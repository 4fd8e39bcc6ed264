// A run's config as the script gave it: one row per key, nested keys as dotted paths with their parents muted.
import { memo } from 'react';
import type { RunConfig } from '@mnist-lab/contracts';
import { configEntries, splitPath } from '../../lib/config-entries';
import { formatHyperparam } from '../../lib/format';
import styles from './run-config.module.css';

// Memoized: the run page re-renders its digit views at each step of the epoch slider, and the config never changes.
export const ConfigList = memo(function ConfigList({ config }: { config: RunConfig }) {
  const entries = configEntries(config);
  return (
    <section className="card" data-testid="run-config">
      <header className="card-header">
        <h2>Config</h2>
        <span className="muted">{entries.length === 1 ? '1 key' : `${entries.length} keys`}</span>
      </header>
      {entries.length === 0 ? (
        <p className={`muted ${styles.empty}`}>This run was logged without a config.</p>
      ) : (
        <dl className={styles.grid}>
          {entries.map(({ path, value }) => {
            const { parent, leaf } = splitPath(path);
            const text = formatHyperparam(value);
            return (
              <div key={path} className={styles.entry} data-path={path}>
                <dt className={styles.key} title={path}>
                  {parent && <span className={styles.parent}>{parent}</span>}
                  {leaf}
                </dt>
                <dd className={`num ${styles.value}`} title={text}>
                  {text}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
});

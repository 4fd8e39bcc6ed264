// A sweep over both families (arch: mlp and cnn), side by side: each family's trials, its best run and the median of
// its finished trials, and a link comparing the two best runs digit by digit (the compare page's "what changed").
import { Link } from '../common/app-link';
import { serializeCompareState } from '../../lib/compare-state';
import { formatHyperparam } from '../../lib/format';
import { formatMetric, rankTrials, type Goal } from '../../lib/sweep-trials';
import type { SweepTrial } from './types';
import styles from './family-summary.module.css';

/** The keys that say what a family's best run looks like: its shape, not its training settings. */
const SHAPE_KEYS: Record<string, (keyof SweepTrial['params'])[]> = { mlp: ['hiddenUnits', 'batchNorm'], cnn: ['convFilters', 'kernelSize', 'poolSize', 'padding', 'hiddenUnits'] };

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The families the sweep's trials belong to, when there is more than one; else null and nothing is drawn. */
export function familiesOf(trials: readonly SweepTrial[]): string[] | null {
  const families = [...new Set(trials.map((t) => t.params.arch).filter((a): a is string => typeof a === 'string'))].sort();
  return families.length > 1 ? families : null;
}

export function FamilySummary({ trials, goal, metric }: { trials: readonly SweepTrial[]; goal: Goal; metric: string }) {
  const families = familiesOf(trials);
  if (!families) return null;
  const rows = families.map((family) => {
    const own = trials.filter((t) => t.params.arch === family);
    const ranked = rankTrials(own, goal);
    return { family, own, finished: ranked.length, best: ranked[0], median: median(ranked.map((t) => t.value)) };
  });
  const bests = rows.flatMap((r) => (r.best ? [r.best.runId] : []));
  const compareHref = `/compare?${serializeCompareState({ runIds: bests, smoothing: 0, xAxis: 'epoch', logScale: false }).toString().replace(/%2C/gi, ',')}`;
  return (
    <section className="card" data-testid="family-summary">
      <header className="card-header">
        <h2>Families side by side</h2>
        <span className="spacer" />
        {bests.length > 1 && (
          <Link href={compareHref} className="btn btn-small" data-testid="compare-families">
            Compare the best of each
          </Link>
        )}
      </header>
      <div className={styles.families}>
        {rows.map((r) => (
          <div key={r.family} className={styles.family} data-testid={`family-${r.family}`}>
            <div className={styles.name}>{r.family}</div>
            <div className="muted">
              {r.own.length} trial{r.own.length === 1 ? '' : 's'}, {r.finished} finished
            </div>
            {r.best ? (
              <>
                <div className={styles.best}>
                  <span className="num">{formatMetric(metric, r.best.value)}</span> <span className="muted">best {metric}</span>
                </div>
                <div className="muted">
                  median <span className="num">{r.median === null ? '—' : formatMetric(metric, r.median)}</span> over its finished trials
                </div>
                <Link href={`/runs/${r.best.runId}`} className="run-name" title={r.best.name}>
                  {r.best.name}
                </Link>
                <dl className={styles.shape}>
                  {(SHAPE_KEYS[r.family] ?? []).filter((k) => r.best?.params[k] !== undefined).map((k) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd className="num">{formatHyperparam(r.best?.params[k])}</dd>
                    </div>
                  ))}
                </dl>
              </>
            ) : (
              <div className="muted">no finished trial yet</div>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

'use client';
// How far the run's confidence can be trusted on the test set: a reliability diagram (accuracy against confidence,
// the diagonal being a perfectly calibrated model) with its ECE, and the confidence of its right and wrong answers.
import { useQuery } from '@tanstack/react-query';
import { memo } from 'react';
import { formatInteger, formatPercent } from '../../lib/format';
import { useTRPC } from '../../trpc/react';
import type { RouterOutputs } from '../../trpc/types';
import { ErrorState, LoadingBlock } from '../common/states';
import styles from './digit-metrics.module.css';

type Calibration = RouterOutputs['analysis']['calibration'];

const W = 300;
const H = 240;
const M = { top: 10, right: 12, bottom: 34, left: 42 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const x = (v: number) => M.left + v * PW;
const y = (v: number) => M.top + (1 - v) * PH;

function ReliabilityDiagram({ c }: { c: Calibration }) {
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className={styles.chart} role="img" aria-label={`Reliability diagram: expected calibration error ${formatPercent(c.ece, 2)}`} data-testid="reliability-diagram">
      {TICKS.map((t) => (
        <g key={t}>
          <line x1={x(0)} x2={x(1)} y1={y(t)} y2={y(t)} className={styles.gridline} />
          <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className={styles.tick}>
            {t}
          </text>
          <text x={x(t)} y={H - M.bottom + 14} textAnchor="middle" className={styles.tick}>
            {t}
          </text>
        </g>
      ))}
      {c.bins.map((b) =>
        b.accuracy === null || b.confidence === null ? null : (
          <g key={b.lower} data-testid="reliability-bar" data-lower={b.lower} data-count={b.count} data-accuracy={b.accuracy} data-confidence={b.confidence}>
            <title>{`confidence ${formatPercent(b.lower, 0)}–${formatPercent(b.upper, 0)}: ${formatInteger(b.count)} predictions, ${formatPercent(b.accuracy, 1)} right at ${formatPercent(b.confidence, 1)} mean confidence`}</title>
            <rect x={x(b.lower) + 0.5} width={PW * (b.upper - b.lower) - 1} y={y(b.accuracy)} height={y(0) - y(b.accuracy)} className={styles.accBar} />
            {/* The gap to the bin's mean confidence: above the bar overconfident, inside it underconfident. */}
            <rect
              x={x(b.lower) + 0.5}
              width={PW * (b.upper - b.lower) - 1}
              y={y(Math.max(b.accuracy, b.confidence))}
              height={Math.abs(y(b.accuracy) - y(b.confidence))}
              className={styles.gapBar}
            />
          </g>
        ),
      )}
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} className={styles.diagonal} data-testid="reliability-diagonal" />
      <line x1={x(0)} x2={x(1)} y1={y(0)} y2={y(0)} className={styles.axis} />
      <text x={x(0.5)} y={H - 4} textAnchor="middle" className={styles.axisLabel}>
        confidence
      </text>
      <text transform={`translate(11 ${y(0.5)}) rotate(-90)`} textAnchor="middle" className={styles.axisLabel}>
        accuracy
      </text>
    </svg>
  );
}

const HW = 300;
const HH = 64;

/** One histogram row, scaled to its own tallest bin: the wrong answers are a few dozen against thousands right. */
function HistogramRow({ counts, kind }: { counts: number[]; kind: 'right' | 'wrong' }) {
  const max = Math.max(1, ...counts);
  const total = counts.reduce((a, b) => a + b, 0);
  const bw = (HW - M.left - M.right) / counts.length;
  return (
    <div className={styles.histRow}>
      <span className={styles.histLabel}>
        {kind} <span className="num muted">{formatInteger(total)}</span>
      </span>
      <svg viewBox={`0 0 ${HW} ${HH}`} className={styles.hist} role="img" aria-label={`Confidence of the ${total} ${kind} predictions`} data-testid={`confidence-${kind}`}>
        {counts.map((n, k) => (
          <rect
            key={k}
            x={M.left + k * bw + 0.5}
            width={bw - 1}
            y={HH - 14 - ((HH - 18) * n) / max}
            height={((HH - 18) * n) / max}
            className={kind === 'right' ? styles.rightBar : styles.wrongBar}
            data-count={n}
          >
            <title>{`${formatInteger(n)} ${kind} at confidence ${formatPercent(k / counts.length, 0)}–${formatPercent((k + 1) / counts.length, 0)}`}</title>
          </rect>
        ))}
        <line x1={M.left} x2={HW - M.right} y1={HH - 14} y2={HH - 14} className={styles.axis} />
        {[0, 0.5, 1].map((t) => (
          <text key={t} x={M.left + t * (HW - M.left - M.right)} y={HH - 2} textAnchor="middle" className={styles.tick}>
            {t}
          </text>
        ))}
      </svg>
    </div>
  );
}

// Memoized: the test set's calibration does not change as the epoch slider moves.
export const CalibrationCard = memo(function CalibrationCard({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.analysis.calibration.queryOptions({ id: runId }), staleTime: Infinity });
  return (
    <section className="card" data-testid="calibration">
      <header className="card-header">
        <h2>Calibration</h2>
        <span className="count">test set, final model</span>
        <span className="spacer" />
        {query.data && (
          <span className={styles.ece} title="Expected calibration error: the mean gap between confidence and accuracy over 15 bins, weighted by how many predictions each holds">
            ECE{' '}
            <strong className="num" data-testid="ece" data-value={query.data.ece}>
              {formatPercent(query.data.ece, 2)}
            </strong>
          </span>
        )}
      </header>
      <div className="card-body">
        {query.isPending ? (
          <LoadingBlock height={240} label="Loading calibration" />
        ) : query.isError ? (
          <ErrorState title="Could not load the calibration" error={query.error} retry={() => void query.refetch()} />
        ) : (
          <div className={styles.calibration}>
            <ReliabilityDiagram c={query.data} />
            <div className={styles.histograms}>
              <p className="muted">
                {query.data.overconfidence >= 0 ? 'Overconfident' : 'Underconfident'} by {formatPercent(Math.abs(query.data.overconfidence), 2)} on average; the
                largest gap of a bin is {formatPercent(query.data.mce, 1)}.
              </p>
              <p className={styles.legend}>
                <span className={`${styles.key} ${styles.keyAcc}`} /> accuracy of the bin <span className={`${styles.key} ${styles.keyGap}`} /> gap to its mean
                confidence <span className={styles.keyDiag} /> calibrated
              </p>
              <HistogramRow counts={query.data.histogram.right} kind="right" />
              <HistogramRow counts={query.data.histogram.wrong} kind="wrong" />
            </div>
          </div>
        )}
      </div>
    </section>
  );
});

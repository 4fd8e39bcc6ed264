'use client';
// The validation explorer's rows: each training image some run held out, with when the runs learned it, virtualized.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { formatPercent } from '../../lib/format';
import type { ValidationColumns } from '../../lib/digit-explorer';
import { DigitCanvas } from '../run/digit-canvas';
import { useValidationImages } from './use-validation-images';
import styles from './digits.module.css';

const ROW = 44;
const HEIGHT = 560;

interface Props {
  digits: ValidationColumns & { sourceIndex: number[] };
  runs: number;
  runIds: readonly string[];
  order: Int32Array;
}

/** "2", or "1-3 · median 2": the epochs from which the holding runs kept the digit right. */
function LearnedCell({ min, median, max, never }: { min: number | null; median: number | null; max: number | null; never: number }) {
  return (
    <span role="cell" data-testid="learned">
      {min === null || max === null ? (
        <span className="muted">never</span>
      ) : min === max ? (
        <span className="num">{min}</span>
      ) : (
        <>
          <span className="num">
            {min}–{max}
          </span>{' '}
          <span className="muted">median {median}</span>
        </>
      )}
      {never > 0 && min !== null && <span className={styles.wrong}> · never in {never}</span>}
      {never > 0 && min === null && <span className="muted"> in {never}</span>}
    </span>
  );
}

export function ValidationTable({ digits, runs, runIds, order }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 8,
    initialRect: { width: 1000, height: HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const sources = useMemo(() => Int32Array.from(order, (i) => digits.sourceIndex[i]), [order, digits]);
  const images = useValidationImages(runIds, sources, items[0]?.index ?? 0, items.at(-1)?.index ?? -1);

  return (
    <div className={styles.table} role="table" aria-label="Validation digits" aria-rowcount={order.length}>
      <div className={`${styles.head} ${styles.validation}`} role="row">
        <span role="columnheader">Digit</span>
        <span role="columnheader">Training #</span>
        <span role="columnheader">True</span>
        <span role="columnheader">In sets of</span>
        <span role="columnheader">Right at last epoch</span>
        <span role="columnheader">Most common mistake</span>
        <span role="columnheader">Mean confidence</span>
        <span role="columnheader">Learned from epoch</span>
        <span role="columnheader">Forgetting events</span>
      </div>
      <div ref={scroller} className={styles.scroller} style={{ height: Math.min(HEIGHT, order.length * ROW + 2) }} data-testid="explorer-rows" data-total={order.length}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((row) => {
            const i = order[row.index];
            const source = digits.sourceIndex[i];
            const held = digits.held[i];
            const right = digits.right[i];
            const pixels = images.get(source);
            return (
              <div key={source} className={`${styles.row} ${styles.validation}`} role="row" data-source={source} style={{ transform: `translateY(${row.start}px)`, height: ROW }}>
                <span role="cell">{pixels ? <DigitCanvas pixels={pixels} size={36} label={`training image ${source}`} /> : <span className={styles.noPicture} />}</span>
                <span role="cell" className="num">
                  {source}
                </span>
                <span role="cell" className={styles.label}>
                  {digits.trueLabel[i]}
                </span>
                <span role="cell" className={`num${held < runs ? ' muted' : ''}`} data-testid="held">
                  {held}/{runs} runs
                </span>
                <span role="cell" className={styles.agree} data-testid="agreement">
                  <span className={styles.track}>
                    <span className={styles.fill} style={{ width: `${(100 * right) / Math.max(1, held)}%` }} />
                  </span>
                  <span className="num">
                    {right}/{held}
                  </span>
                </span>
                <span role="cell" data-testid="mistake">
                  {digits.topWrong[i] < 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <>
                      <strong className={styles.wrong}>{digits.topWrong[i]}</strong> <span className="muted">by {digits.topWrongCount[i]}</span>
                    </>
                  )}
                </span>
                <span role="cell" className="num" data-testid="confidence">
                  {formatPercent(digits.meanConfidence[i], 1)}
                </span>
                <LearnedCell min={digits.learnedMin[i]} median={digits.learnedMedian[i]} max={digits.learnedMax[i]} never={digits.learnedNever[i]} />
                <span role="cell" className="num" data-testid="forgetting">
                  {digits.forgettingEvents[i]}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

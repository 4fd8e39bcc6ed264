'use client';
// The explorer's rows: every digit that passes the filters, in order, mounted only while in view (10,000 rows otherwise).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { formatPercent } from '../../lib/format';
import type { DigitColumns } from '../../lib/digit-explorer';
import { DigitCanvas } from '../run/digit-canvas';
import { useDigitImages } from './use-digit-images';
import styles from './digits.module.css';

const ROW = 44;
const HEIGHT = 560;

interface Props {
  digits: DigitColumns;
  runs: number;
  runIds: readonly string[];
  order: Int32Array;
}

export function ExplorerTable({ digits, runs, runIds, order }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 8,
    initialRect: { width: 1000, height: HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const images = useDigitImages(runIds, order, items[0]?.index ?? 0, items.at(-1)?.index ?? -1);

  return (
    <div className={styles.table} role="table" aria-label="Test digits" aria-rowcount={order.length}>
      <div className={styles.head} role="row">
        <span role="columnheader">Digit</span>
        <span role="columnheader">#</span>
        <span role="columnheader">True</span>
        <span role="columnheader">Runs right</span>
        <span role="columnheader">Most common mistake</span>
        <span role="columnheader">Mean confidence</span>
      </div>
      <div ref={scroller} className={styles.scroller} style={{ height: Math.min(HEIGHT, order.length * ROW + 2) }} data-testid="explorer-rows" data-total={order.length}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((row) => {
            const i = order[row.index];
            const right = digits.right[i];
            const pixels = images.get(i);
            return (
              <div key={i} className={styles.row} role="row" data-index={i} style={{ transform: `translateY(${row.start}px)`, height: ROW }}>
                <span role="cell">{pixels ? <DigitCanvas pixels={pixels} size={36} label={`test digit ${i}`} /> : <span className={styles.noPicture} />}</span>
                <span role="cell" className="num">
                  {i}
                </span>
                <span role="cell" className={styles.label}>
                  {digits.trueLabel[i]}
                </span>
                <span role="cell" className={styles.agree} data-testid="agreement">
                  <span className={styles.track}>
                    <span className={styles.fill} style={{ width: `${(100 * right) / Math.max(1, runs)}%` }} />
                  </span>
                  <span className="num">
                    {right}/{runs}
                  </span>
                </span>
                <span role="cell">
                  {digits.topWrong[i] < 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <>
                      <strong className={styles.wrong}>{digits.topWrong[i]}</strong> <span className="muted">by {digits.topWrongCount[i]}</span>
                    </>
                  )}
                </span>
                <span role="cell" className="num">
                  {formatPercent(digits.meanConfidence[i], 1)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

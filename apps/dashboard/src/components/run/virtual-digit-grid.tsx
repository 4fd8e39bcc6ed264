'use client';
// A scrolling grid of digit tiles that mounts only the rows in view (plus a few): a bad run gets thousands of digits
// wrong, and one canvas per digit made the run page slow to open and to scroll (10,000 canvases for a chance-level run).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import styles from './digits.module.css';

/** Tile width at least this, as the grid's auto-fill columns were; row pitch fixed, so no row needs measuring. */
const MIN_TILE = 72;
const GAP = 6;
export const TILE_ROW = 104;
/**
 * Rows mounted beyond each edge: Tab to the next tile finds it already there. One, not more: the epoch slider
 * remounts the tiles whose digits change, and each row is about 18 canvases.
 */
const OVERSCAN = 1;
const MAX_HEIGHT = 640;

interface Props<T> {
  items: readonly T[];
  keyOf: (item: T) => number;
  renderTile: (item: T) => ReactNode;
  stale?: boolean;
  testId?: string;
}

export function VirtualDigitGrid<T>({ items, keyOf, renderTile, stale, testId }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(1);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const fit = () => setColumns(Math.max(1, Math.floor((el.clientWidth - 4 + GAP) / (MIN_TILE + GAP))));
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const rows = Math.ceil(items.length / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => TILE_ROW + GAP,
    overscan: OVERSCAN,
    // Before the first layout (and in the server render) there is no viewport: mount a screenful, not nothing.
    initialRect: { width: 1000, height: MAX_HEIGHT },
  });
  return (
    <div
      ref={scroller}
      className={stale ? `${styles.scroller} ${styles.stale}` : styles.scroller}
      data-testid={testId}
      data-total={items.length}
      data-columns={columns}
      style={{ height: Math.min(MAX_HEIGHT, virtualizer.getTotalSize() + 4) }}
    >
      <div className={styles.spacer} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            className={styles.row}
            style={{ transform: `translateY(${row.start}px)`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
          >
            {/* Keyed by column, not by digit: when the digits change (a filter, an epoch step) each tile keeps its canvas
                and only redraws it. run-digits.spec's slider steps took 84-102 ms with a new canvas per new digit and
                18-74 ms reusing them (a 2-core machine under load; the script time per step about halved). */}
            {items.slice(row.index * columns, (row.index + 1) * columns).map((item, column) => (
              <div key={column} className={styles.cell} data-key={keyOf(item)}>
                {renderTile(item)}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

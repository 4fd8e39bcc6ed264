// Brushing one parallel-coordinates axis, as in W&B and HiPlot: drag along it to keep only the trials crossing that span
// (a click without a drag clears it), or focus it with Tab and use the keys of lib/brush-keys.
import { useRef, type PointerEvent } from 'react';
import { brushAfterKey, describeBrush } from '../../lib/brush-keys';
import type { Brush, SweepAxis } from '../../lib/sweep-space';
import styles from './parallel-coordinates.module.css';

interface Props {
  axis: SweepAxis;
  x: number;
  top: number;
  bottom: number;
  brush: Brush | undefined;
  /** How the axis's values read (the metric axis in the metric's format). */
  format?: (v: number) => string;
  /** The id of the text telling how the keys work. */
  describedBy: string;
  onChange: (brush: Brush | undefined) => void;
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

export function PcBrush({ axis, x, top, bottom, brush, format, describedBy, onChange }: Props) {
  const start = useRef<number | null>(null);
  const moved = useRef(false);
  const y = (pos: number) => top + (1 - pos) * (bottom - top);
  const position = (e: PointerEvent<SVGRectElement>) => {
    const svgTop = e.currentTarget.ownerSVGElement?.getBoundingClientRect().top ?? 0;
    return clamp(1 - (e.clientY - svgTop - top) / (bottom - top));
  };
  const text = describeBrush(axis, brush, format);
  return (
    <g>
      {brush && <rect x={x - 7} width={14} y={y(brush[1])} height={Math.max(2, y(brush[0]) - y(brush[1]))} className={styles.brush} />}
      {/* A vertical slider whose value is the brushed span: aria-valuetext says it in the axis's values. */}
      <rect
        x={x - 11}
        width={22}
        y={top - 4}
        height={bottom - top + 8}
        className={styles.brushHit}
        data-testid={`pc-brush-${axis.key}`}
        tabIndex={0}
        role="slider"
        aria-orientation="vertical"
        aria-label={`Brush ${axis.key}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={brush ? Math.round(((brush[0] + brush[1]) / 2) * 100) : 0}
        aria-valuetext={text}
        aria-describedby={describedBy}
        onKeyDown={(e) => {
          const next = brushAfterKey(brush, e);
          if (!next.handled) return;
          // Handled here, so the page's Escape (lib/escape-stack) leaves other open layers alone.
          e.preventDefault();
          e.stopPropagation();
          onChange(next.brush);
        }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          start.current = position(e);
          moved.current = false;
        }}
        onPointerMove={(e) => {
          if (start.current === null) return;
          const p = position(e);
          if (!moved.current && Math.abs(p - start.current) < 0.015) return;
          moved.current = true;
          onChange([Math.min(p, start.current), Math.max(p, start.current)]);
        }}
        onPointerUp={() => {
          if (start.current !== null && !moved.current) onChange(undefined);
          start.current = null;
        }}
      />
      <rect x={x - 11} width={22} y={top - 4} height={bottom - top + 8} rx={3} className={styles.brushFocus} aria-hidden />
    </g>
  );
}

// Brushing one parallel-coordinates axis, as in W&B and HiPlot: drag along it to keep only the trials crossing that span;
// a click without a drag clears it.
import { useRef, type PointerEvent } from 'react';
import type { Brush } from '../../lib/sweep-space';

interface Props {
  x: number;
  top: number;
  bottom: number;
  brush: Brush | undefined;
  label: string;
  onChange: (brush: Brush | undefined) => void;
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

export function PcBrush({ x, top, bottom, brush, label, onChange }: Props) {
  const start = useRef<number | null>(null);
  const moved = useRef(false);
  const y = (pos: number) => top + (1 - pos) * (bottom - top);
  const position = (e: PointerEvent<SVGRectElement>) => {
    const svgTop = e.currentTarget.ownerSVGElement?.getBoundingClientRect().top ?? 0;
    return clamp(1 - (e.clientY - svgTop - top) / (bottom - top));
  };
  return (
    <g>
      {brush && <rect x={x - 7} width={14} y={y(brush[1])} height={Math.max(2, y(brush[0]) - y(brush[1]))} className="pc-brush" />}
      <rect
        x={x - 11}
        width={22}
        y={top - 4}
        height={bottom - top + 8}
        className="pc-brush-hit"
        data-testid={`pc-brush-${label}`}
        aria-label={`Drag along ${label} to keep only the trials in that span`}
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
    </g>
  );
}

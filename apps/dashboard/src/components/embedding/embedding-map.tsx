'use client';
// The map itself: 10,000 points on a canvas (SVG nodes would be 10,000 elements), colored by true label, misclassified
// ones ringed; hover finds the nearest point, a click opens it, a drag draws a box that selects the points inside.
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { labelColor } from '../../lib/label-colors';
import { fitView, PointGrid, pointsInBox, toScreen, type Box } from '../../lib/map-view';
import styles from './embedding.module.css';

interface Props {
  /** count x 2 map coordinates. */
  xy: Float32Array;
  trueLabels: Uint8Array;
  predicted: Uint8Array;
  height: number;
  /** Selected test indices (others are dimmed), or null for none. */
  selection: ReadonlySet<number> | null;
  onHover: (hover: { index: number; x: number; y: number } | null) => void;
  onOpen: (index: number) => void;
  onSelect: (indices: number[] | null) => void;
  /** Called once a frame is on the canvas, with how long the draw took. */
  onDrawn?: (ms: number) => void;
  label: string;
}

const PAD = 12;
const HOVER_RADIUS = 8;
/** A press that moves less than this is a click, not a box. */
const DRAG_MIN = 4;

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    setWidth(Math.floor(el.getBoundingClientRect().width));
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function EmbeddingMap({ xy, trueLabels, predicted, height, selection, onHover, onOpen, onSelect, onDrawn, label }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(wrap);
  const screen = useMemo(() => (width > 0 ? toScreen(xy, fitView(xy, width, height, PAD)) : new Float32Array(0)), [xy, width, height]);
  const grid = useMemo(() => new PointGrid(screen, HOVER_RADIUS), [screen]);
  const [box, setBox] = useState<Box | null>(null);
  const press = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || width === 0) return;
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = height * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const count = screen.length / 2;
    const ring = getComputedStyle(c).getPropertyValue('--text').trim() || '#1b1f24';
    // One path per class (ten fills, not 10,000): the map draws in a few milliseconds.
    for (const pass of selection ? ['dim', 'chosen'] : ['all']) {
      ctx.globalAlpha = pass === 'dim' ? 0.12 : 0.85;
      for (let label = 0; label < 10; label++) {
        ctx.beginPath();
        for (let i = 0; i < count; i++) {
          if (trueLabels[i] !== label) continue;
          if (selection && selection.has(i) !== (pass === 'chosen')) continue;
          ctx.moveTo(screen[2 * i] + 2, screen[2 * i + 1]);
          ctx.arc(screen[2 * i], screen[2 * i + 1], 2, 0, Math.PI * 2);
        }
        ctx.fillStyle = labelColor(label);
        ctx.fill();
      }
    }
    // Rings half transparent: a weak run's thousands of mistakes should not hide the colors under them.
    ctx.globalAlpha = 0.45;
    ctx.beginPath();
    for (let i = 0; i < count; i++) {
      if (predicted[i] === trueLabels[i] || (selection && !selection.has(i))) continue;
      ctx.moveTo(screen[2 * i] + 3.5, screen[2 * i + 1]);
      ctx.arc(screen[2 * i], screen[2 * i + 1], 3.5, 0, Math.PI * 2);
    }
    ctx.strokeStyle = ring;
    ctx.lineWidth = 0.75;
    ctx.stroke();
    ctx.globalAlpha = 1;
    onDrawn?.(performance.now() - started);
  }, [screen, width, height, trueLabels, predicted, selection, onDrawn]);

  const local = (e: PointerEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  return (
    <div ref={wrap} className={styles.mapWrap} style={{ height }}>
      <canvas
        ref={canvas}
        className={styles.canvas}
        style={{ width: width || '100%', height }}
        role="img"
        aria-label={label}
        data-testid="embedding-canvas"
        onPointerDown={(e) => {
          press.current = local(e);
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const p = local(e);
          if (press.current && Math.hypot(p.x - press.current.x, p.y - press.current.y) >= DRAG_MIN) {
            setBox({ x0: press.current.x, y0: press.current.y, x1: p.x, y1: p.y });
            onHover(null);
            return;
          }
          const i = grid.nearest(p.x, p.y, HOVER_RADIUS);
          onHover(i < 0 ? null : { index: i, x: screen[2 * i], y: screen[2 * i + 1] });
        }}
        onPointerUp={(e) => {
          const p = local(e);
          const start = press.current;
          press.current = null;
          setBox(null);
          if (start && Math.hypot(p.x - start.x, p.y - start.y) >= DRAG_MIN) {
            const inside = pointsInBox(screen, { x0: start.x, y0: start.y, x1: p.x, y1: p.y });
            onSelect(inside.length ? inside : null);
          } else {
            const i = grid.nearest(p.x, p.y, HOVER_RADIUS);
            if (i >= 0) onOpen(i);
          }
        }}
        onPointerLeave={() => onHover(null)}
      />
      {box && (
        <div
          className={styles.box}
          data-testid="selection-box"
          style={{ left: Math.min(box.x0, box.x1), top: Math.min(box.y0, box.y1), width: Math.abs(box.x1 - box.x0), height: Math.abs(box.y1 - box.y0) }}
        />
      )}
    </div>
  );
}

'use client';
// The drawing pad: a thick round brush under mouse, pen or finger (pointer events), white ink on black as MNIST digits are.
import { useCallback, useEffect, useRef, type PointerEvent } from 'react';
import { alphaRaster, type Raster } from '../../lib/mnist-input';
import styles from './playground.module.css';

/** The pad's own resolution; the preprocessing scales whatever is drawn down to 20x20 anyway. */
const PAD = 280;
/** About a tenth of a digit's height, the stroke width of MNIST's pen relative to its 20-pixel digits. */
const BRUSH = 22;
/** At most one update per this many ms while drawing, and one after the last stroke. */
const UPDATE_MS = 60;

export function DrawPad({ onChange }: { onChange: (drawing: Raster, blank: boolean) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const inked = useRef(false);
  const timer = useRef<number | undefined>(undefined);

  const emit = useCallback(() => {
    timer.current = undefined;
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    onChange(alphaRaster(ctx.getImageData(0, 0, PAD, PAD).data, PAD, PAD), !inked.current);
  }, [onChange]);

  // Throttled rather than debounced: the bars move while the user is still drawing, not only after a pause.
  const schedule = useCallback(() => {
    timer.current ??= window.setTimeout(emit, UPDATE_MS);
  }, [emit]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const context = () => {
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (ctx) {
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.lineWidth = BRUSH;
      ctx.strokeStyle = '#fff';
      ctx.fillStyle = '#fff';
    }
    return ctx;
  };

  /** The event's position in pad pixels, whatever size CSS gives the canvas. */
  const position = (e: { clientX: number; clientY: number }) => {
    const rect = (canvas.current as HTMLCanvasElement).getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * PAD) / rect.width, y: ((e.clientY - rect.top) * PAD) / rect.height };
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const ctx = context();
    if (!ctx) return;
    const p = position(e);
    // A tap leaves a dot, as a pen does.
    ctx.beginPath();
    ctx.arc(p.x, p.y, BRUSH / 2, 0, Math.PI * 2);
    ctx.fill();
    last.current = p;
    inked.current = true;
    schedule();
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const ctx = context();
    if (!ctx) return;
    // Coalesced events carry the points the browser merged into this one: smooth curves from fast strokes.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    ctx.beginPath();
    ctx.moveTo(last.current.x, last.current.y);
    for (const point of events.length > 0 ? events : [e.nativeEvent]) {
      const p = position(point);
      ctx.lineTo(p.x, p.y);
      last.current = p;
    }
    ctx.stroke();
    schedule();
  };

  const onPointerEnd = () => {
    last.current = null;
  };

  const clear = () => {
    context()?.clearRect(0, 0, PAD, PAD);
    inked.current = false;
    window.clearTimeout(timer.current);
    emit();
  };

  return (
    <div className={styles.pad}>
      <canvas
        ref={canvas}
        width={PAD}
        height={PAD}
        className={styles.canvas}
        data-testid="draw-pad"
        aria-label="Drawing pad: draw one digit, 0 to 9, with the mouse, a pen or a finger"
        role="img"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onLostPointerCapture={onPointerEnd}
      />
      <div className={styles.padFooter}>
        <span className="muted">Draw one digit, large and centered or not: it is scaled and centered like MNIST.</span>
        <button type="button" className="btn btn-small" onClick={clear} data-testid="clear-pad">
          Clear
        </button>
      </div>
    </div>
  );
}

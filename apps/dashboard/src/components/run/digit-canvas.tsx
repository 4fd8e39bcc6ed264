'use client';
// One 28x28 digit drawn from its raw pixels onto a canvas, scaled up with crisp (pixelated) edges.
import { useEffect, useRef } from 'react';
import { DIGIT_SIZE, decodePixels, toRgba } from '../../lib/digit-pixels';
import styles from './digits.module.css';

export function DigitCanvas({ pixels, size, label }: { pixels: string; size: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(toRgba(decodePixels(pixels)), DIGIT_SIZE, DIGIT_SIZE), 0, 0);
  }, [pixels]);
  return (
    <canvas
      ref={ref}
      width={DIGIT_SIZE}
      height={DIGIT_SIZE}
      className={styles.canvas}
      style={{ width: size, height: size }}
      role="img"
      aria-label={label}
    />
  );
}

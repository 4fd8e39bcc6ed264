'use client';
// The 28x28 input the models see, drawn pixel for pixel and scaled up, so the user sees what the preprocessing made.
import { useEffect, useRef } from 'react';
import { MNIST_SIDE } from '../../lib/mnist-input';
import styles from './playground.module.css';

export function InputPreview({ input }: { input: Float32Array }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const rgba = new Uint8ClampedArray(MNIST_SIDE * MNIST_SIDE * 4);
    input.forEach((v, i) => {
      const g = Math.round(v * 255);
      rgba.set([g, g, g, 255], i * 4);
    });
    ctx.putImageData(new ImageData(rgba, MNIST_SIDE, MNIST_SIDE), 0, 0);
  }, [input]);
  return (
    <figure className={styles.preview}>
      <canvas
        ref={ref}
        width={MNIST_SIDE}
        height={MNIST_SIDE}
        className={styles.previewCanvas}
        data-testid="model-input"
        role="img"
        aria-label="The 28 by 28 pixel input the models see"
      />
      <figcaption>
        <strong>What the models see</strong>
        <span className="muted">
          28×28 pixels: the drawing&apos;s bounding box scaled to fit 20×20, then centered by its center of mass, as MNIST digits were.
        </span>
      </figcaption>
    </figure>
  );
}

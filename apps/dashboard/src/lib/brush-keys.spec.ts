// Keyboard brushing of a parallel-coordinates axis: what each key does to the span a user keeps, and what is announced.
import { describe, expect, it } from 'vitest';
import { BRUSH_STEP, NEW_BRUSH, brushAfterKey, describeBrush } from './brush-keys';
import type { SweepAxis } from './sweep-space';

const press = (brush: readonly [number, number] | undefined, key: string, shiftKey = false) => brushAfterKey(brush, { key, shiftKey });

describe('brushAfterKey', () => {
  it('starts a brush at the end the arrow points to', () => {
    expect(press(undefined, 'ArrowUp')).toEqual({ handled: true, brush: [1 - NEW_BRUSH, 1] });
    expect(press(undefined, 'ArrowDown')).toEqual({ handled: true, brush: [0, NEW_BRUSH] });
  });

  it('moves a brush one step per arrow, keeping its width, and stops at the ends of the axis', () => {
    expect(press([0.5, 0.7], 'ArrowUp').brush).toEqual([0.55, 0.75]);
    expect(press([0.5, 0.7], 'ArrowDown').brush).toEqual([0.45, 0.65]);
    expect(press([0.78, 0.98], 'ArrowUp').brush).toEqual([0.8, 1]);
    expect(press([0, 0.2], 'ArrowDown').brush).toEqual([0, 0.2]);
    expect(press([0.5, 0.7], 'PageUp').brush).toEqual([0.7, 0.9]);
    expect(press([0.5, 0.7], 'End').brush).toEqual([0, 0.2]);
    expect(press([0.5, 0.7], 'Home').brush).toEqual([0.8, 1]);
  });

  it('widens with Shift+Up and narrows with Shift+Down around its middle, never to nothing', () => {
    expect(press([0.4, 0.6], 'ArrowUp', true).brush).toEqual([0.35, 0.65]);
    expect(press([0.4, 0.6], 'ArrowDown', true).brush).toEqual([0.45, 0.55]);
    let brush: readonly [number, number] = [0.4, 0.6];
    for (let i = 0; i < 10; i++) brush = press(brush, 'ArrowDown', true).brush ?? brush;
    expect(brush[1] - brush[0]).toBeCloseTo(BRUSH_STEP);
    expect(press([0.9, 1], 'ArrowUp', true).brush).toEqual([0.8, 1]);
    brush = [0.75, 1];
    for (let i = 0; i < 8; i++) brush = press(brush, 'ArrowUp', true).brush ?? brush;
    expect(brush).toEqual([0, 1]);
  });

  it('clears with Escape, Delete or Backspace, and leaves Escape to the page when there is nothing to clear', () => {
    for (const key of ['Escape', 'Delete', 'Backspace']) expect(press([0.2, 0.4], key)).toEqual({ handled: true, brush: undefined });
    expect(press(undefined, 'Escape').handled).toBe(false);
  });

  it('leaves other keys (Tab to the next axis) alone', () => {
    expect(press([0.2, 0.4], 'Tab')).toEqual({ handled: false, brush: [0.2, 0.4] });
    expect(press(undefined, 'a').handled).toBe(false);
  });
});

describe('describeBrush', () => {
  const linear: SweepAxis = { key: 'dropout', kind: 'linear', min: 0, max: 0.5, categories: [] };
  const log: SweepAxis = { key: 'learningRate', kind: 'log', min: 1e-4, max: 1e-2, categories: [] };
  const list: SweepAxis = { key: 'arch', kind: 'categorical', min: 0, max: 0, categories: ['cnn', 'mlp'] };

  it('says the values at both edges, in the axis scale', () => {
    expect(describeBrush(linear, [0.2, 0.6])).toBe('dropout from 0.1 to 0.3');
    expect(describeBrush(log, [0, 0.5])).toBe('learningRate from 1e-4 to 0.001');
    expect(describeBrush(list, [0, 1])).toBe('arch from cnn to mlp');
    expect(describeBrush(list, [0.9, 1])).toBe('arch: only mlp');
    expect(describeBrush(linear, undefined)).toBe('dropout: not brushed');
  });

  it("reads a metric axis in the metric's own format", () => {
    const metric: SweepAxis = { key: 'val_accuracy', kind: 'linear', min: 0.9, max: 1, categories: [] };
    expect(describeBrush(metric, [0.5, 1], (v) => `${(v * 100).toFixed(1)}%`)).toBe('val_accuracy from 95.0% to 100.0%');
  });
});

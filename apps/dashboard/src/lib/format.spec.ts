// Tables and tooltips rely on these strings: durations, percentages and numbers must read the same everywhere.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatElapsedTick, formatHyperparam, formatNumber, formatPercent, formatShape, formatStepTick } from './format';

describe('format', () => {
  it('formats durations at every scale', () => {
    expect(formatDuration(950)).toBe('950 ms');
    expect(formatDuration(12_340)).toBe('12 s');
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(7_380_000)).toBe('2h 03m');
    expect(formatDuration(null)).toBe('—');
  });

  it('formats elapsed-time ticks compactly', () => {
    expect(formatElapsedTick(45)).toBe('45s');
    expect(formatElapsedTick(120)).toBe('2m');
    expect(formatElapsedTick(150)).toBe('2m30s');
    expect(formatElapsedTick(3900)).toBe('1h05m');
  });

  it('keeps significant digits and switches to exponents for tiny values', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(0.00001)).toBe('1e-5');
    expect(formatNumber(0)).toBe('0');
    expect(formatPercent(0.98765)).toBe('98.77%');
  });

  it('formats hyperparameters of every type', () => {
    expect(formatHyperparam([64, 32])).toBe('64 × 32');
    expect(formatHyperparam(true)).toBe('on');
    expect(formatHyperparam(0.001)).toBe('0.001');
    expect(formatHyperparam(undefined)).toBe('—');
    expect(formatHyperparam(['relu', 'tanh'])).toBe('[relu, tanh]');
    expect(formatHyperparam([])).toBe('[]');
    expect(formatHyperparam({})).toBe('{}');
  });

  it('formats step ticks compactly', () => {
    expect(formatStepTick(850)).toBe('850');
    expect(formatStepTick(8_500)).toBe('8.5k');
    expect(formatStepTick(12_000)).toBe('12k');
    expect(formatStepTick(1_200_000)).toBe('1.2M');
  });

  it('formats layer output shapes, open dimensions as ?', () => {
    expect(formatShape([28, 28, 32])).toBe('28 × 28 × 32');
    expect(formatShape([null, 10])).toBe('? × 10');
    expect(formatShape([])).toBe('scalar');
  });
});

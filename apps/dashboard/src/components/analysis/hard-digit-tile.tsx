// One digit most runs miss: the image, what it is, how many runs miss it, and what they took it for (a histogram).
import { memo } from 'react';
import { formatPercent } from '../../lib/format';
import { DigitCanvas } from '../run/digit-canvas';
import type { HardDigit } from './types';
import styles from './analysis.module.css';
import digits from '../run/digits.module.css';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** "taken for 7 by 4 runs, 2 by 1 run": the wrong labels, most common first. */
export function takenFor(digit: HardDigit): string {
  const wrong = DIGITS.filter((k) => k !== digit.trueLabel && digit.predicted[k] > 0).sort((x, y) => digit.predicted[y] - digit.predicted[x] || x - y);
  return `taken for ${wrong.map((k) => `${k} by ${digit.predicted[k]} run${digit.predicted[k] === 1 ? '' : 's'}`).join(', ')}`;
}

export const HardDigitTile = memo(function HardDigitTile({ digit, runCount }: { digit: HardDigit; runCount: number }) {
  const peak = Math.max(...digit.predicted);
  const top = DIGITS.filter((k) => k !== digit.trueLabel).reduce((best, k) => (digit.predicted[k] > digit.predicted[best] ? k : best), digit.trueLabel === 0 ? 1 : 0);
  return (
    <div
      className={`${digits.tile} ${styles.hdTile}`}
      data-testid="hard-digit"
      data-index={digit.index}
      data-true={digit.trueLabel}
      data-share={digit.share}
      title={`Test image #${digit.index}, a ${digit.trueLabel}: missed by ${digit.wrongCount} of ${runCount} runs, ${takenFor(digit)}`}
    >
      <DigitCanvas pixels={digit.pixels} size={56} label={`handwritten ${digit.trueLabel}`} />
      <span className={digits.labels}>
        <span className={digits.right}>{digit.trueLabel}</span>
        <span className={digits.arrow}>→</span>
        <span className={digits.wrong}>{top}</span>
      </span>
      <span className={`num ${styles.hdShare}`}>
        {formatPercent(digit.share, 0)} <span className="muted">({digit.wrongCount}/{runCount})</span>
      </span>
      <span className={styles.hist} aria-hidden>
        {DIGITS.map((k) => (
          <span key={k} className={styles.barSlot}>
            <span
              className={k === digit.trueLabel ? `${styles.bar} ${styles.barTrue}` : styles.bar}
              style={{ height: `${peak > 0 ? Math.max(digit.predicted[k] > 0 ? 8 : 0, (digit.predicted[k] / peak) * 100) : 0}%` }}
            />
            <span className={styles.barLabel}>{k}</span>
          </span>
        ))}
      </span>
    </div>
  );
});

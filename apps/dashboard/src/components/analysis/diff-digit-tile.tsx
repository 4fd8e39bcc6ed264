// One test digit of a diff: the image, its true label, and what run A and run B predicted for it, right or wrong.
import { memo } from 'react';
import { formatPercent } from '../../lib/format';
import { DigitCanvas } from '../run/digit-canvas';
import type { DiffDigit } from './types';
import styles from './analysis.module.css';
import digits from '../run/digits.module.css';

function Prediction({ side, label, confidence, truth }: { side: 'A' | 'B'; label: number; confidence: number; truth: number }) {
  const right = label === truth;
  return (
    <span className={`${styles.ddPred} ${right ? styles.right : styles.wrong}`}>
      <span className={styles.ddSide}>{side}</span>
      <span className={styles.ddLabel}>{label}</span>
      <span className={`num ${styles.ddConf}`}>{formatPercent(confidence, 0)}</span>
    </span>
  );
}

export const DiffDigitTile = memo(function DiffDigitTile({ digit }: { digit: DiffDigit }) {
  const said = (side: string, p: { label: number; confidence: number }) =>
    `${side} says ${p.label}${p.label === digit.trueLabel ? ' (right)' : ''} at ${formatPercent(p.confidence, 1)}`;
  return (
    <div
      className={`${digits.tile} ${styles.ddTile}`}
      data-testid="diff-digit"
      data-index={digit.index}
      data-true={digit.trueLabel}
      data-a={digit.a.label}
      data-b={digit.b.label}
      title={`Test image #${digit.index}, a ${digit.trueLabel}: ${said('A', digit.a)}; ${said('B', digit.b)}`}
    >
      <DigitCanvas pixels={digit.pixels ?? ''} size={56} label={`handwritten ${digit.trueLabel}`} />
      <span className={styles.ddTrue}>
        <span className="muted">true</span> {digit.trueLabel}
      </span>
      <Prediction side="A" label={digit.a.label} confidence={digit.a.confidence} truth={digit.trueLabel} />
      <Prediction side="B" label={digit.b.label} confidence={digit.b.confidence} truth={digit.trueLabel} />
    </div>
  );
});

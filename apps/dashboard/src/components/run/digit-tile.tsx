// One misclassified test digit: the image, what it is, what the model said, and how sure it was.
import { memo } from 'react';
import { formatPercent } from '../../lib/format';
import type { MisclassifiedDigit } from '../../trpc/types';
import { DigitCanvas } from './digit-canvas';
import styles from './digits.module.css';

interface Props {
  digit: MisclassifiedDigit;
  selected: boolean;
  onSelect: (digit: MisclassifiedDigit) => void;
}

export const DigitTile = memo(function DigitTile({ digit, selected, onSelect }: Props) {
  return (
    <button
      type="button"
      className={selected ? `${styles.tile} ${styles.selected}` : styles.tile}
      data-testid="digit-tile"
      data-true={digit.trueLabel}
      data-predicted={digit.predictedLabel}
      title={`Test image #${digit.index}: a ${digit.trueLabel} predicted as ${digit.predictedLabel} (${formatPercent(digit.confidence, 1)})`}
      onClick={() => onSelect(digit)}
    >
      <DigitCanvas pixels={digit.pixels} size={56} label={`handwritten ${digit.trueLabel}`} />
      <span className={styles.labels}>
        <span className={styles.right}>{digit.trueLabel}</span>
        <span className={styles.arrow}>→</span>
        <span className={styles.wrong}>{digit.predictedLabel}</span>
      </span>
      {/* One decimal: a wrong answer at 99.6% should not read as a certain 100%. */}
      <span className={`num ${styles.conf}`}>{formatPercent(digit.confidence, 1)}</span>
    </button>
  );
});

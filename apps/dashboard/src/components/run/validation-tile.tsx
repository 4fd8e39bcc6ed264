// One validation digit at an epoch: the image (when an epoch where it was wrong sent it), its label and the model's.
import { memo } from 'react';
import type { EpochDigit } from '../../lib/epoch-digits';
import { formatPercent } from '../../lib/format';
import { DigitCanvas } from './digit-canvas';
import styles from './digits.module.css';

interface Props {
  digit: EpochDigit;
  selected: boolean;
  onSelect: (digit: EpochDigit) => void;
}

export const ValidationTile = memo(function ValidationTile({ digit, selected, onSelect }: Props) {
  const right = digit.trueLabel === digit.predictedLabel;
  return (
    <button
      type="button"
      className={selected ? `${styles.tile} ${styles.selected}` : styles.tile}
      data-testid="digit-tile"
      data-index={digit.index}
      data-true={digit.trueLabel}
      data-predicted={digit.predictedLabel}
      title={`Validation digit #${digit.index}: a ${digit.trueLabel} ${right ? 'classified correctly' : `predicted as ${digit.predictedLabel}`} (${formatPercent(digit.confidence, 1)})`}
      onClick={() => onSelect(digit)}
    >
      {digit.pixels ? (
        <DigitCanvas pixels={digit.pixels} size={56} label={`handwritten ${digit.trueLabel}`} />
      ) : (
        <span className={styles.noPixels} title="Its image comes with the first epoch that got it wrong, not loaded yet" />
      )}
      <span className={styles.labels}>
        <span className={styles.right}>{digit.trueLabel}</span>
        {right ? (
          <span className={styles.right}>✓</span>
        ) : (
          <>
            <span className={styles.arrow}>→</span>
            <span className={styles.wrong}>{digit.predictedLabel}</span>
          </>
        )}
      </span>
      <span className={`num ${styles.conf}`}>{formatPercent(digit.confidence, 1)}</span>
    </button>
  );
},
// By value: each epoch builds new digit objects, and a tile whose digit reads the same need not render again.
(a, b) =>
  a.selected === b.selected &&
  a.onSelect === b.onSelect &&
  a.digit.index === b.digit.index &&
  a.digit.predictedLabel === b.digit.predictedLabel &&
  a.digit.confidence === b.digit.confidence &&
  a.digit.pixels === b.digit.pixels);

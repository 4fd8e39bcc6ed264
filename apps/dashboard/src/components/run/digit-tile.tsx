// One misclassified test digit: the image, what it is, what the model said, and how sure it was.
import { memo } from 'react';
import { formatPercent } from '../../lib/format';
import type { MisclassifiedDigit } from '../../trpc/types';
import { DigitCanvas } from './digit-canvas';

interface Props {
  digit: MisclassifiedDigit;
  selected: boolean;
  onSelect: (digit: MisclassifiedDigit) => void;
}

export const DigitTile = memo(function DigitTile({ digit, selected, onSelect }: Props) {
  return (
    <button
      type="button"
      className={selected ? 'digit-tile is-selected' : 'digit-tile'}
      data-testid="digit-tile"
      data-true={digit.trueLabel}
      data-predicted={digit.predictedLabel}
      title={`Test image #${digit.index}: a ${digit.trueLabel} predicted as ${digit.predictedLabel} (${formatPercent(digit.confidence, 1)})`}
      onClick={() => onSelect(digit)}
    >
      <DigitCanvas pixels={digit.pixels} size={56} label={`handwritten ${digit.trueLabel}`} />
      <span className="digit-labels">
        <span className="digit-true">{digit.trueLabel}</span>
        <span className="digit-arrow">→</span>
        <span className="digit-pred">{digit.predictedLabel}</span>
      </span>
      {/* One decimal: a wrong answer at 99.6% should not read as a certain 100%. */}
      <span className="digit-conf num">{formatPercent(digit.confidence, 1)}</span>
    </button>
  );
});

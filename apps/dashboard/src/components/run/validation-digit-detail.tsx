// A validation digit enlarged with its history: what the model said at this epoch, since when it stays right, how often it was forgotten.
import type { EpochDigit } from '../../lib/epoch-digits';
import { formatPercent } from '../../lib/format';
import { useEscape } from '../common/use-escape';
import { DigitCanvas } from './digit-canvas';
import styles from './digits.module.css';

interface Props {
  digit: EpochDigit;
  epoch: number;
  learnedFrom: number | null;
  forgettingEvents: number;
  onClose: () => void;
}

export function ValidationDigitDetail({ digit, epoch, learnedFrom, forgettingEvents, onClose }: Props) {
  useEscape(true, onClose);
  const right = digit.trueLabel === digit.predictedLabel;
  return (
    <aside className={styles.detail} aria-label={`Validation digit ${digit.index}`} data-testid="validation-detail">
      {digit.pixels && <DigitCanvas pixels={digit.pixels} size={168} label={`handwritten ${digit.trueLabel}, enlarged`} />}
      <div className={styles.detailBody}>
        <div className={styles.detailHead}>
          <strong>Validation digit #{digit.index}</strong>
          <span className="spacer" />
          <button type="button" className="chip-remove" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <p className="muted">
          A <strong className={styles.right}>{digit.trueLabel}</strong>{' '}
          {right ? (
            <>classified correctly at epoch {epoch}</>
          ) : (
            <>
              predicted as <strong className={styles.wrong}>{digit.predictedLabel}</strong> at epoch {epoch}
            </>
          )}{' '}
          with {formatPercent(digit.confidence, 1)} confidence.
        </p>
        <p data-testid="digit-history">
          {learnedFrom === null ? 'Not learned by the last epoch.' : `Right at every epoch from epoch ${learnedFrom} on.`}{' '}
          {forgettingEvents === 0 ? 'Never forgotten.' : `Forgotten ${forgettingEvents === 1 ? 'once' : `${forgettingEvents} times`} (right at one epoch, wrong at the next).`}
        </p>
      </div>
    </aside>
  );
}

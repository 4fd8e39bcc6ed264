// The selected digit enlarged, with the model's probability for every class so near-misses show.
import { formatPercent } from '../../lib/format';
import type { MisclassifiedDigit } from '../../trpc/types';
import { useEscape } from '../common/use-escape';
import { DigitCanvas } from './digit-canvas';
import styles from './digits.module.css';

export function DigitDetail({ digit, onClose }: { digit: MisclassifiedDigit; onClose: () => void }) {
  useEscape(true, onClose);
  return (
    <aside className={styles.detail} aria-label={`Test image ${digit.index}`}>
      <DigitCanvas pixels={digit.pixels} size={168} label={`handwritten ${digit.trueLabel}, enlarged`} />
      <div className={styles.detailBody}>
        <div className={styles.detailHead}>
          <strong>Test image #{digit.index}</strong>
          <span className="spacer" />
          <button type="button" className="chip-remove" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <p className="muted">
          A <strong className={styles.right}>{digit.trueLabel}</strong> predicted as{' '}
          <strong className={styles.wrong}>{digit.predictedLabel}</strong> with {formatPercent(digit.confidence, 1)} confidence.
        </p>
        <ol className={styles.bars} start={0}>
          {digit.probabilities.map((p, d) => (
            <li key={d} className={d === digit.trueLabel ? styles.isTrue : d === digit.predictedLabel ? styles.isPred : undefined}>
              <span className={styles.barDigit}>{d}</span>
              <span className={styles.track}>
                <span className={styles.fill} style={{ width: `${Math.max(0.5, p * 100)}%` }} />
              </span>
              <span className={`num ${styles.barValue}`}>{formatPercent(p, 1)}</span>
            </li>
          ))}
        </ol>
      </div>
    </aside>
  );
}

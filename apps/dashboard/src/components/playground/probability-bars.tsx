// One model's answer: a bar per class, the predicted class's bar in the run's color, the exact figure on each bar.
import styles from './playground.module.css';

function percent(p: number): string {
  if (p >= 0.995) return `${(p * 100).toFixed(0)}%`;
  if (p < 0.005) return p < 0.0005 ? '0%' : '<1%';
  return `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
}

export function ProbabilityBars({ probabilities, predicted, color }: { probabilities: readonly number[] | null; predicted: number | null; color: string }) {
  return (
    <ol className={styles.bars} aria-label="Probability of each digit">
      {Array.from({ length: 10 }, (_, digit) => {
        const p = probabilities?.[digit] ?? 0;
        const top = digit === predicted;
        return (
          <li
            key={digit}
            className={styles.barItem}
            data-testid="prob-bar"
            data-digit={digit}
            data-probability={probabilities ? p : undefined}
            aria-label={probabilities ? `${digit}: ${(p * 100).toFixed(1)}%` : `${digit}`}
          >
            <span className={styles.barValue}>{probabilities ? percent(p) : ''}</span>
            <span className={styles.barTrack}>
              <span className={styles.barFill} style={{ height: `${p * 100}%`, background: top ? color : undefined }} />
            </span>
            <span className={top ? `${styles.barLabel} ${styles.barLabelTop}` : styles.barLabel}>{digit}</span>
          </li>
        );
      })}
    </ol>
  );
}

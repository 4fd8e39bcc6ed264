'use client';
// "Likely mislabeled": digits nearly every run confidently calls the same other label, to look at by eye.
import { formatPercent } from '../../lib/format';
import type { DigitColumns } from '../../lib/digit-explorer';
import { DigitCanvas } from '../run/digit-canvas';
import { useDigitImages } from './use-digit-images';
import styles from './digits.module.css';

const SHOWN = 48;

interface Props {
  digits: DigitColumns & { topWrongConfidence: number[] };
  mislabeled: number[];
  runs: number;
  runIds: readonly string[];
}

export function MislabeledList({ digits, mislabeled, runs, runIds }: Props) {
  const order = Int32Array.from(mislabeled.slice(0, SHOWN));
  const images = useDigitImages(runIds, order, 0, order.length - 1);
  return (
    <section className="card" data-testid="mislabeled">
      <header className="card-header">
        <h2>Likely mislabeled</h2>
        <span className="count">{mislabeled.length}</span>
        <span className="spacer" />
        <span className="muted">at least 90% of the runs call it the same other label, at 80%+ mean confidence</span>
      </header>
      <div className="card-body">
        {mislabeled.length === 0 ? (
          <p className="muted">No digit: the runs disagree with the file&apos;s label on no digit that confidently.</p>
        ) : (
          <ul className={styles.tiles}>
            {[...order].map((i) => (
              <li key={i} className={styles.tile} data-index={i}>
                {images.get(i) ? <DigitCanvas pixels={images.get(i) ?? ''} size={56} label={`test digit ${i}`} /> : <span className={styles.noPicture} />}
                <span className="num">#{i}</span>
                <span>
                  file says <strong>{digits.trueLabel[i]}</strong>, runs say <strong className={styles.wrong}>{digits.topWrong[i]}</strong>
                </span>
                <span className="muted">
                  {digits.topWrongCount[i]}/{runs} · {formatPercent(digits.topWrongConfidence[i], 0)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {mislabeled.length > SHOWN && <p className="muted">The first {SHOWN} of {mislabeled.length}; the table below holds them all (sort by agreement).</p>}
      </div>
    </section>
  );
}

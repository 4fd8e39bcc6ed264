'use client';
// "Likely mislabeled": digits nearly every run confidently calls the same other label, to look at by eye.
import { formatPercent } from '../../lib/format';
import { MISLABELED_CONFIDENCES, MISLABELED_SHARES, type DigitColumns } from '../../lib/digit-explorer';
import { DigitCanvas } from '../run/digit-canvas';
import { useDigitImages } from './use-digit-images';
import styles from './digits.module.css';

const SHOWN = 48;

interface Props {
  digits: DigitColumns & { topWrongConfidence: number[] };
  mislabeled: number[];
  runs: number;
  runIds: readonly string[];
  share: number;
  confidence: number;
  onChange: (share: number, confidence: number) => void;
}

function Threshold({ label, value, choices, onChange }: { label: string; value: number; choices: readonly number[]; onChange: (v: number) => void }) {
  return (
    <label className="control">
      {label}
      <select className="select" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {choices.map((c) => (
          <option key={c} value={c}>
            {formatPercent(c, 0)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function MislabeledList({ digits, mislabeled, runs, runIds, share, confidence, onChange }: Props) {
  const order = Int32Array.from(mislabeled.slice(0, SHOWN));
  const images = useDigitImages(runIds, order, 0, order.length - 1);
  return (
    <section className="card" data-testid="mislabeled">
      <header className="card-header">
        <h2>Likely mislabeled</h2>
        <span className="count">{mislabeled.length}</span>
        <span className="spacer" />
        <Threshold label="Runs agreeing at least" value={share} choices={MISLABELED_SHARES} onChange={(v) => onChange(v, confidence)} />
        <Threshold label="Mean confidence at least" value={confidence} choices={MISLABELED_CONFIDENCES} onChange={(v) => onChange(share, v)} />
      </header>
      <div className="card-body">
        {mislabeled.length === 0 ? (
          <p className="muted">
            No digit that {formatPercent(share, 0)} of the runs call the same other label at {formatPercent(confidence, 0)} mean confidence or more.
          </p>
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

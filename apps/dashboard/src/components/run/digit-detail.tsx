// The selected digit enlarged, with the model's probability for every class so near-misses show.
import { formatPercent } from '../../lib/format';
import type { MisclassifiedDigit } from '../../trpc/types';
import { DigitCanvas } from './digit-canvas';

export function DigitDetail({ digit, onClose }: { digit: MisclassifiedDigit; onClose: () => void }) {
  return (
    <aside className="digit-detail" aria-label={`Test image ${digit.index}`}>
      <DigitCanvas pixels={digit.pixels} size={168} label={`handwritten ${digit.trueLabel}, enlarged`} />
      <div className="digit-detail-body">
        <div className="digit-detail-head">
          <strong>Test image #{digit.index}</strong>
          <span className="spacer" />
          <button type="button" className="chip-remove" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <p className="muted">
          A <strong className="digit-true">{digit.trueLabel}</strong> predicted as{' '}
          <strong className="digit-pred">{digit.predictedLabel}</strong> with {formatPercent(digit.confidence, 1)} confidence.
        </p>
        <ol className="prob-bars" start={0}>
          {digit.probabilities.map((p, d) => (
            <li key={d} className={d === digit.trueLabel ? 'is-true' : d === digit.predictedLabel ? 'is-pred' : undefined}>
              <span className="prob-digit">{d}</span>
              <span className="prob-track">
                <span className="prob-fill" style={{ width: `${Math.max(0.5, p * 100)}%` }} />
              </span>
              <span className="prob-value num">{formatPercent(p, 1)}</span>
            </li>
          ))}
        </ol>
      </div>
    </aside>
  );
}

// One test digit of a diff: the image, its true label, and what run A and run B predicted for it, right or wrong.
import { memo } from 'react';
import { formatPercent } from '../../lib/format';
import { DigitCanvas } from '../run/digit-canvas';
import type { DiffDigit } from './types';

function Prediction({ side, label, confidence, truth }: { side: 'A' | 'B'; label: number; confidence: number; truth: number }) {
  const right = label === truth;
  return (
    <span className={right ? 'dd-pred is-right' : 'dd-pred is-wrong'}>
      <span className="dd-side">{side}</span>
      <span className="dd-label">{label}</span>
      <span className="dd-conf num">{formatPercent(confidence, 0)}</span>
    </span>
  );
}

export const DiffDigitTile = memo(function DiffDigitTile({ digit }: { digit: DiffDigit }) {
  const said = (side: string, p: { label: number; confidence: number }) =>
    `${side} says ${p.label}${p.label === digit.trueLabel ? ' (right)' : ''} at ${formatPercent(p.confidence, 1)}`;
  return (
    <div
      className="dd-tile"
      data-testid="diff-digit"
      data-index={digit.index}
      data-true={digit.trueLabel}
      data-a={digit.a.label}
      data-b={digit.b.label}
      title={`Test image #${digit.index}, a ${digit.trueLabel}: ${said('A', digit.a)}; ${said('B', digit.b)}`}
    >
      <DigitCanvas pixels={digit.pixels ?? ''} size={56} label={`handwritten ${digit.trueLabel}`} />
      <span className="dd-true">
        <span className="muted">true</span> {digit.trueLabel}
      </span>
      <Prediction side="A" label={digit.a.label} confidence={digit.a.confidence} truth={digit.trueLabel} />
      <Prediction side="B" label={digit.b.label} confidence={digit.b.confidence} truth={digit.trueLabel} />
    </div>
  );
});

'use client';
// A clicked point opened: a misclassified digit in the run page's digit detail (with every class's probability), a
// correctly classified one (whose probabilities are not stored) enlarged with its label.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';
import { DigitCanvas } from '../run/digit-canvas';
import { DigitDetail } from '../run/digit-detail';
import { useEscape } from '../common/use-escape';
import styles from './embedding.module.css';

/** MNIST has 10,000 test images: one request holds every mistake of a run. */
const ALL = 10_000;

interface Props {
  runId: string;
  index: number;
  trueLabel: number;
  predicted: number;
  onClose: () => void;
}

function RightDigit({ runId, index, trueLabel, onClose }: Omit<Props, 'predicted'>) {
  const trpc = useTRPC();
  useEscape(true, onClose);
  const image = useQuery({ ...trpc.digits.images.queryOptions({ runIds: [runId], indices: [index] }), staleTime: Infinity });
  const pixels = image.data?.[0]?.pixels;
  return (
    <aside className={styles.detail} aria-label={`Test image ${index}`} data-testid="map-detail">
      {pixels ? <DigitCanvas pixels={pixels} size={112} label={`handwritten ${trueLabel}, enlarged`} /> : null}
      <div>
        <strong>Test image #{index}</strong>{' '}
        <button type="button" className="chip-remove" aria-label="Close" onClick={onClose}>
          ×
        </button>
        <p className="muted">
          A <strong className={styles.right}>{trueLabel}</strong>, classified correctly.
        </p>
      </div>
    </aside>
  );
}

export function MapDigitDetail(props: Props) {
  const trpc = useTRPC();
  const wrong = props.predicted !== props.trueLabel;
  const mistakes = useQuery({
    ...trpc.runs.misclassified.queryOptions({ runId: props.runId, sort: 'index', limit: ALL }),
    enabled: wrong,
    staleTime: Infinity,
  });
  if (!wrong) return <RightDigit {...props} />;
  const digit = mistakes.data?.digits.find((d) => d.index === props.index);
  if (!digit) return <p className="muted">Loading test image #{props.index}…</p>;
  return (
    <div data-testid="map-detail">
      <DigitDetail digit={digit} onClose={props.onClose} />
    </div>
  );
}

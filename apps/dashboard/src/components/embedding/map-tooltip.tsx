'use client';
// The card beside the hovered point: the digit's picture (fetched once per digit, then cached) and what the run made of it.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';
import { DigitCanvas } from '../run/digit-canvas';
import styles from './embedding.module.css';

interface Props {
  runId: string;
  index: number;
  trueLabel: number;
  predicted: number;
  x: number;
  y: number;
  /** The map's width, so the card flips to the left of points near the right edge. */
  width: number;
}

export function MapTooltip({ runId, index, trueLabel, predicted, x, y, width }: Props) {
  const trpc = useTRPC();
  const image = useQuery({ ...trpc.digits.images.queryOptions({ runIds: [runId], indices: [index] }), staleTime: Infinity });
  const pixels = image.data?.[0]?.pixels;
  const left = x > width - 200 ? x - 190 : x + 12;
  return (
    <div className={styles.tooltip} style={{ left, top: Math.max(0, y - 30) }} role="tooltip" data-testid="map-tooltip">
      {pixels ? <DigitCanvas pixels={pixels} size={48} label={`test digit ${index}`} /> : <span style={{ width: 48, height: 48 }} />}
      <span>
        <strong>#{index}</strong>
        <br />
        true {trueLabel} · predicted{' '}
        <span className={predicted === trueLabel ? styles.right : styles.wrong}>{predicted}</span>
      </span>
    </div>
  );
}

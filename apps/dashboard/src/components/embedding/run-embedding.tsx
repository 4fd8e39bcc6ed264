'use client';
// A run's embedding map card: the stored last-hidden-layer activations of the 10,000 test digits drawn by PCA at once,
// by UMAP on demand in a web worker (with progress, the page stays responsive), a legend, hover, click and box selection.
import { useQuery } from '@tanstack/react-query';
import { dequantizeEmbedding, fromBase64 } from '@mnist-lab/contracts';
import { useCallback, useMemo, useRef, useState } from 'react';
import { formatInteger, formatPercent } from '../../lib/format';
import { LABEL_COLORS } from '../../lib/label-colors';
import { pca2d } from '../../lib/pca';
import { useTRPC } from '../../trpc/react';
import { ErrorState, LoadingBlock } from '../common/states';
import { EmbeddingMap } from './embedding-map';
import { MapDigitDetail } from './map-digit-detail';
import { MapTooltip } from './map-tooltip';
import { useUmap } from './use-umap';
import styles from './embedding.module.css';

interface Props {
  runId: string;
  /** The card's title; the compare page names the run. */
  title?: string;
  height?: number;
  /** Selected test indices; without `onSelect` the card keeps its own. */
  selection?: ReadonlySet<number> | null;
  /** A box drawn (every digit in it, and those of them the run gets wrong), or cleared (null). */
  onSelect?: (selection: { all: number[]; wrong: number[] } | null) => void;
}

type Method = 'pca' | 'umap';

/**
 * The run's embedding, asked for only when runs.get (already in the cache on the run and compare pages) says it is
 * stored: a run without one (still training, logged before embeddings, an SDK script that sent none) is no 409 in the
 * console, which the e2e specs count as a page error.
 */
function useEmbedding(runId: string) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.runs.get.queryOptions({ id: runId }));
  const stored = detail.data?.hasEmbedding === true;
  const embedding = useQuery({ ...trpc.runs.embedding.queryOptions({ runId }), enabled: stored, staleTime: Infinity, retry: false });
  return { detail, stored, embedding };
}

export function RunEmbedding({ runId, title = 'Embedding map', height = 420, selection: given, onSelect }: Props) {
  const { detail, stored, embedding: query } = useEmbedding(runId);
  const [method, setMethod] = useState<Method>('pca');
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [opened, setOpened] = useState<number | null>(null);
  const [own, setOwn] = useState<ReadonlySet<number> | null>(null);
  const [drawMs, setDrawMs] = useState<number | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const selection = onSelect ? (given ?? null) : own;

  const decoded = useMemo(() => {
    if (!query.data) return null;
    const started = performance.now();
    const v = query.data;
    const values = dequantizeEmbedding({ values: fromBase64(v.values), scales: v.scales, offsets: v.offsets, width: v.width });
    const pca = pca2d(values, v.count, v.width);
    return { values, pca, started, trueLabels: fromBase64(v.trueLabels), predicted: fromBase64(v.predictedLabels), count: v.count, width: v.width };
  }, [query.data]);
  const [umap, startUmap] = useUmap(decoded?.values, decoded?.count ?? 0, decoded?.width ?? 0);
  const onDrawn = useCallback(() => {
    // The first frame only: decode + PCA + draw, what the map's 1-second budget is about.
    if (decoded) setDrawMs((ms) => ms ?? performance.now() - decoded.started);
  }, [decoded]);
  const select = useCallback(
    (indices: number[] | null) => {
      if (!onSelect) setOwn(indices ? new Set(indices) : null);
      else if (!indices || !decoded) onSelect(null);
      else onSelect({ all: indices, wrong: indices.filter((i) => decoded.predicted[i] !== decoded.trueLabels[i]) });
    },
    [onSelect, decoded],
  );

  const notRecorded = (detail.isSuccess && !stored) || query.error?.data?.code === 'CONFLICT';
  if (notRecorded) {
    return (
      <section className="card" data-testid="embedding-map" data-state="none">
        <header className="card-header">
          <h2>{title}</h2>
        </header>
        <p className="card-body muted">The test embedding was not recorded for this run (runs trained before it existed, or an SDK script that sent none).</p>
      </section>
    );
  }
  if (detail.isError) return <ErrorState title="Could not load the embedding" error={detail.error} retry={() => void detail.refetch()} />;
  if (query.isError) return <ErrorState title="Could not load the embedding" error={query.error} retry={() => void query.refetch()} />;
  if (!query.data) return <LoadingBlock height={height} label="Loading the embedding" />;
  if (!decoded) return null;
  const v = query.data;
  const umapXy = umap.status === 'done' ? umap.xy : umap.status === 'running' ? umap.xy : undefined;
  const xy = method === 'umap' && umapXy ? umapXy : decoded.pca.xy;
  const shown = method === 'umap' && umapXy ? 'umap' : 'pca';
  const wrong = decoded.predicted.reduce((n, p, i) => n + (p !== decoded.trueLabels[i] ? 1 : 0), 0);

  return (
    <section className="card" data-testid="embedding-map" data-method={shown} data-draw-ms={drawMs ?? undefined} data-umap={umap.status} data-umap-ms={umap.status === 'done' ? Math.round(umap.ms) : undefined}>
      <header className="card-header">
        <h2>{title}</h2>
        <span className="count">
          {formatInteger(v.count)} test digits · layer {v.layer} ({v.originalWidth === v.width ? `${v.width} units` : `${v.originalWidth} units, projected to ${v.width}`})
        </span>
        <span className="spacer" />
        {selection && (
          <button type="button" className="btn btn-small" onClick={() => select(null)}>
            Clear selection ({formatInteger(selection.size)})
          </button>
        )}
        <div className="segmented" role="group" aria-label="Projection">
          <button type="button" className="btn btn-small" aria-pressed={shown === 'pca'} onClick={() => setMethod('pca')}>
            PCA
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={shown === 'umap'}
            disabled={umap.status === 'running'}
            onClick={() => {
              setMethod('umap');
              if (umap.status !== 'done') startUmap();
            }}
          >
            {umap.status === 'done' ? 'UMAP' : 'Compute UMAP'}
          </button>
        </div>
      </header>
      <div className="card-body">
        {umap.status === 'running' && (
          <p className={styles.progress} role="status" data-testid="umap-progress">
            <progress max={umap.progress.phase === 'layout' ? umap.progress.epochs : 1} value={umap.progress.phase === 'layout' ? umap.progress.epoch : undefined} />
            {umap.progress.phase === 'neighbors' ? 'UMAP: finding each digit’s nearest neighbours…' : `UMAP: layout epoch ${umap.progress.epoch} of ${umap.progress.epochs}`}
          </p>
        )}
        {umap.status === 'error' && <p className="muted">UMAP failed: {umap.message}</p>}
        {opened !== null && (
          <MapDigitDetail runId={runId} index={opened} trueLabel={decoded.trueLabels[opened]} predicted={decoded.predicted[opened]} onClose={() => setOpened(null)} />
        )}
        <div ref={wrap} style={{ position: 'relative' }}>
          <EmbeddingMap
            xy={xy}
            trueLabels={decoded.trueLabels}
            predicted={decoded.predicted}
            height={height}
            selection={selection}
            onHover={setHover}
            onOpen={setOpened}
            onSelect={select}
            onDrawn={onDrawn}
            label={`${shown.toUpperCase()} map of ${v.count} test digits colored by true label`}
          />
          {hover && (
            <MapTooltip
              runId={runId}
              index={hover.index}
              trueLabel={decoded.trueLabels[hover.index]}
              predicted={decoded.predicted[hover.index]}
              x={hover.x}
              y={hover.y}
              width={wrap.current?.clientWidth ?? 0}
            />
          )}
        </div>
        <ul className={styles.legend} aria-label="Legend">
          {LABEL_COLORS.map((color, label) => (
            <li key={label}>
              <span className={styles.swatch} style={{ background: color }} aria-hidden />
              {label}
            </li>
          ))}
          <li>
            <span className={styles.ring} aria-hidden /> misclassified ({formatInteger(wrong)})
          </li>
          {shown === 'pca' && (
            <li>
              PCA axes explain {formatPercent(decoded.pca.explained[0], 0)} and {formatPercent(decoded.pca.explained[1], 0)} of the variance
            </li>
          )}
          <li>Drag a box to select digits; click one to open it.</li>
        </ul>
      </div>
    </section>
  );
}

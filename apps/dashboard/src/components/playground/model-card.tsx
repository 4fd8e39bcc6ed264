'use client';
// One run's model answering the current drawing: its predicted digit, how sure it is, and every class's probability.
import { useQuery } from '@tanstack/react-query';
import { Link } from '../common/app-link';
import { useEffect, useState } from 'react';
import { formatPercent } from '../../lib/format';
import { argmax } from '../../lib/playground-state';
import { useTRPC } from '../../trpc/react';
import { ProbabilityBars } from './probability-bars';
import { classProbabilities, useRunModel } from './run-model';
import styles from './playground.module.css';

interface Props {
  runId: string;
  color: string;
  /** null while the pad is blank. */
  input: Float32Array | null;
  onRemove: () => void;
}

export function ModelCard({ runId, color, input, onRemove }: Props) {
  const trpc = useTRPC();
  const run = useQuery(trpc.runs.get.queryOptions({ id: runId }));
  const [model, retry] = useRunModel(runId);
  const [probabilities, setProbabilities] = useState<number[] | null>(null);

  useEffect(() => {
    if (model.status !== 'ready' || !input) {
      setProbabilities(null);
      return;
    }
    let current = true;
    classProbabilities(model.model, input).then((p) => current && setProbabilities(p));
    return () => {
      current = false;
    };
  }, [model, input]);

  const predicted = probabilities ? argmax(probabilities) : null;
  const name = run.data?.name ?? (run.isError ? 'unknown run' : runId.slice(0, 8));
  return (
    <section className={`card ${styles.modelCard}`} data-testid="model-card" data-run-id={runId} data-state={model.status}>
      <header className="card-header">
        <span className="run-dot" style={{ background: color }} aria-hidden />
        <Link href={`/runs/${runId}`} className={styles.modelName} title={name}>
          {name}
        </Link>
        <span className="spacer" />
        {run.data?.testAccuracy != null && <span className="muted num" title="accuracy on the 10,000 MNIST test digits">test {formatPercent(run.data.testAccuracy)}</span>}
        <button type="button" className="chip-remove" aria-label={`Remove ${name}`} title="Remove from the playground" onClick={onRemove}>
          ×
        </button>
      </header>
      <div className="card-body">
        {model.status === 'error' ? (
          <div className={styles.modelError} role="alert">
            <p>Could not load this run&apos;s model: {model.message}</p>
            <button type="button" className="btn btn-small" onClick={retry}>
              Try again
            </button>
          </div>
        ) : (
          <>
            <div className={styles.prediction} aria-live="polite">
              {model.status === 'loading' ? (
                <span className="muted">Loading model…</span>
              ) : predicted === null || !probabilities ? (
                <span className="muted">Draw a digit to see what this model thinks it is.</span>
              ) : (
                <>
                  <span className={styles.predictedDigit} style={{ color }} data-testid="predicted-class">
                    {predicted}
                  </span>
                  <span className="muted">{formatPercent(probabilities[predicted], 1)} sure</span>
                </>
              )}
            </div>
            <ProbabilityBars probabilities={probabilities} predicted={predicted} color={color} />
          </>
        )}
      </div>
    </section>
  );
}

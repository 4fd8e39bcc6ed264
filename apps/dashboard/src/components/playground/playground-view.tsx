'use client';
// The playground: draw a digit, see it as the 28x28 input the models get, and watch the chosen runs' models classify it.
import { useQuery } from '@tanstack/react-query';
import { Link } from '../common/app-link';
import { useCallback, useMemo, useState } from 'react';
import { toMnistInput, type Raster } from '../../lib/mnist-input';
import { runColor } from '../../lib/palette';
import {
  DEFAULT_PLAYGROUND_RUNS,
  parsePlaygroundState,
  serializePlaygroundState,
  toggleRun,
} from '../../lib/playground-state';
import { useTRPC } from '../../trpc/react';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { useUrlState } from '../common/use-url-state';
import { DrawPad } from './draw-pad';
import { InputPreview } from './input-preview';
import { ModelCard } from './model-card';
import { RunPicker } from './run-picker';
import styles from './playground.module.css';

const BLANK = new Float32Array(28 * 28);

export function PlaygroundView() {
  const trpc = useTRPC();
  const [state, setState] = useUrlState(parsePlaygroundState, serializePlaygroundState);
  const finished = useQuery(trpc.runs.list.queryOptions({ status: ['finished'], sort: 'startedAt', direction: 'desc', pageSize: 30 }));
  const [input, setInput] = useState<Float32Array | null>(null);

  const latest = finished.data?.runs ?? [];
  const chosen = useMemo(
    () => state.runIds ?? latest.slice(0, DEFAULT_PLAYGROUND_RUNS).map((r) => r.id),
    [state.runIds, latest],
  );
  const colorOf = (id: string) => runColor(Math.max(0, chosen.indexOf(id)));
  const toggle = (id: string) => setState({ runIds: toggleRun(chosen, id) });
  const onDraw = useCallback((drawing: Raster, blank: boolean) => setInput(blank ? null : toMnistInput(drawing)), []);

  return (
    <>
      <div className="page-header">
        <h1>Playground</h1>
        <span className="muted">Draw a digit; every chosen run&apos;s trained model classifies it in your browser.</span>
      </div>

      <div className="card">
        {finished.isPending ? (
          <div className="card-body">
            <LoadingBlock height={34} label="Loading runs" />
          </div>
        ) : finished.isError ? (
          <ErrorState title="Could not load runs" error={finished.error} retry={() => void finished.refetch()} />
        ) : latest.length === 0 && chosen.length === 0 ? (
          <EmptyState title="No finished runs yet">
            <p>
              Models appear here once a run finishes. Train one with <code>npx mnist-lab train --epochs 2</code>, or see the{' '}
              <Link href="/">runs table</Link>.
            </p>
          </EmptyState>
        ) : (
          <div className="card-body">
            <RunPicker runs={latest} chosen={chosen} colorOf={colorOf} onToggle={toggle} />
          </div>
        )}
      </div>

      <div className={styles.layout}>
        <section className={`card ${styles.drawCard}`} aria-label="Your digit">
          <div className="card-body">
            <DrawPad onChange={onDraw} />
            <InputPreview input={input ?? BLANK} />
          </div>
        </section>
        <div className={styles.models}>
          {chosen.length === 0 && finished.isSuccess && latest.length > 0 && (
            <div className="card">
              <EmptyState title="No model chosen">
                <p>Pick one or more runs above to see their predictions.</p>
              </EmptyState>
            </div>
          )}
          {chosen.map((id) => (
            <ModelCard key={id} runId={id} color={colorOf(id)} input={input} onRemove={() => toggle(id)} />
          ))}
        </div>
      </div>
    </>
  );
}

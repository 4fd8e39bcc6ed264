'use client';
// The compare page's embedding maps: two of the compared runs side by side (which two is a pick), and a link to the
// digit explorer over all of them.
import { useState } from 'react';
import { Link } from '../common/app-link';
import { RunEmbedding } from './run-embedding';
import styles from './embedding.module.css';

interface Props {
  runs: readonly { id: string; name: string }[];
}

function RunPick({ label, value, runs, onChange }: { label: string; value: string; runs: Props['runs']; onChange: (id: string) => void }) {
  return (
    <label className="control">
      {label}
      <select className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CompareMaps({ runs }: Props) {
  const [picked, setPicked] = useState<[string | undefined, string | undefined]>([undefined, undefined]);
  if (runs.length === 0) return null;
  const has = (id: string | undefined) => id !== undefined && runs.some((r) => r.id === id);
  const left = has(picked[0]) ? (picked[0] as string) : runs[0].id;
  const right = has(picked[1]) ? (picked[1] as string) : (runs[1] ?? runs[0]).id;
  const name = (id: string) => runs.find((r) => r.id === id)?.name ?? id.slice(0, 8);
  return (
    <div className="section" data-testid="compare-maps">
      <div className="page-header">
        <h2 className="section-title">Embedding maps</h2>
        <span className="spacer" />
        {runs.length > 2 && (
          <>
            <RunPick label="Left" value={left} runs={runs} onChange={(id) => setPicked([id, right])} />
            <RunPick label="Right" value={right} runs={runs} onChange={(id) => setPicked([left, id])} />
          </>
        )}
        <Link className="btn" href={`/digits?runs=${runs.map((r) => r.id).join(',')}`}>
          Explore the test digits across these runs
        </Link>
      </div>
      <div className={styles.pair}>
        <RunEmbedding key={`l-${left}`} runId={left} title={name(left)} height={360} />
        {right !== left && <RunEmbedding key={`r-${right}`} runId={right} title={name(right)} height={360} />}
      </div>
    </div>
  );
}

'use client';
// The runs table's filter bar: text search, status, tag, sweep and exact values of any config key (dotted paths).
import { ConfigPathSchema, RUN_STATUSES, type RunStatus } from '@mnist-lab/contracts';
import { useEffect, useState } from 'react';
import { formatHyperparam } from '../../lib/format';
import { parseFilterValue, withFilters, type RunsTableState } from '../../lib/runs-table-state';
import styles from './runs.module.css';
import { SearchInput } from './search-input';

interface Props {
  state: RunsTableState;
  onChange: (next: RunsTableState) => void;
  sweeps: readonly { id: string; name: string }[];
  /** Tags and config values seen in the listed runs, and the config keys of all runs: suggestions, not limits. */
  knownTags: readonly string[];
  knownValues: Readonly<Record<string, readonly string[]>>;
  knownKeys: readonly string[];
}

export function hasFilters(state: RunsTableState): boolean {
  return Boolean(state.search || state.tag || state.sweepId || state.status.length || Object.keys(state.config).length);
}

/** The key a new filter starts on: the trainer's optimizer where runs have it, else the first key. */
function defaultKey(keys: readonly string[]): string {
  return keys.includes('optimizer') ? 'optimizer' : (keys[0] ?? '');
}

export function RunsFilters({ state, onChange, sweeps, knownTags, knownValues, knownKeys }: Props) {
  const [tag, setTag] = useState(state.tag ?? '');
  const [chosenKey, setHpKey] = useState<string | null>(null);
  const [hpValue, setHpValue] = useState('');
  useEffect(() => setTag(state.tag ?? ''), [state.tag]);
  // Until the user types a key, follow the keys as they load.
  const hpKey = chosenKey ?? defaultKey(knownKeys);
  const keyValid = ConfigPathSchema.safeParse(hpKey.trim()).success;

  const toggleStatus = (s: RunStatus) =>
    onChange(withFilters(state, { status: state.status.includes(s) ? state.status.filter((x) => x !== s) : [...state.status, s] }));
  const applyTag = () => {
    if ((state.tag ?? '') !== tag.trim()) onChange(withFilters(state, { tag: tag.trim() || undefined }));
  };
  const addHyperparam = () => {
    if (!hpValue.trim() || !keyValid) return;
    onChange(withFilters(state, { config: { ...state.config, [hpKey.trim()]: parseFilterValue(hpValue) } }));
    setHpValue('');
  };
  const removeHyperparam = (key: string) => {
    const next = { ...state.config };
    delete next[key];
    onChange(withFilters(state, { config: next }));
  };

  return (
    <div className={styles.filters} role="search">
      <div className={styles.filtersRow}>
        <SearchInput value={state.search ?? ''} onCommit={(search) => onChange(withFilters(state, { search: search || undefined }))} />
        <div className={styles.chipGroup} role="group" aria-label="Status">
          {RUN_STATUSES.map((s) => (
            <button key={s} type="button" className="chip" aria-pressed={state.status.includes(s)} onClick={() => toggleStatus(s)}>
              {s}
            </button>
          ))}
        </div>
        <input
          className="input"
          style={{ width: 130 }}
          placeholder="Tag"
          aria-label="Filter by tag"
          list="known-tags"
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          onBlur={applyTag}
          onKeyDown={(e) => e.key === 'Enter' && applyTag()}
        />
        <datalist id="known-tags">
          {knownTags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <select
          className="select"
          aria-label="Filter by sweep"
          value={state.sweepId ?? ''}
          onChange={(e) => onChange(withFilters(state, { sweepId: e.target.value || undefined }))}
        >
          <option value="">All sweeps</option>
          {state.sweepId && !sweeps.some((s) => s.id === state.sweepId) && <option value={state.sweepId}>{state.sweepId.slice(0, 8)}</option>}
          {sweeps.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <form
          className={styles.hpFilter}
          onSubmit={(e) => {
            e.preventDefault();
            addHyperparam();
          }}
        >
          <input
            className={`input ${styles.keyInput}`}
            placeholder="config key"
            aria-label="Config key"
            title="Any config key, nested ones as dotted paths (optimizer.lr)"
            list="known-config-keys"
            value={hpKey}
            onChange={(e) => setHpKey(e.target.value)}
          />
          <datalist id="known-config-keys">
            {knownKeys.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          <span className="muted">=</span>
          <input
            className="input"
            style={{ width: 90 }}
            placeholder="value"
            aria-label={`${hpKey} value`}
            list="known-hp-values"
            value={hpValue}
            onChange={(e) => setHpValue(e.target.value)}
          />
          <datalist id="known-hp-values">
            {(knownValues[hpKey] ?? []).map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <button type="submit" className="btn" disabled={!hpValue.trim() || !keyValid}>
            Add filter
          </button>
        </form>
      </div>
      {hasFilters(state) && (
        <div className={styles.filtersRow}>
          {Object.entries(state.config).map(([k, v]) => (
            <span key={k} className="chip" aria-pressed="true">
              {k} = {formatHyperparam(v)}
              <button type="button" className="chip-remove" aria-label={`Remove ${k} filter`} onClick={() => removeHyperparam(k)}>
                ×
              </button>
            </span>
          ))}
          <button
            type="button"
            className="btn-link"
            onClick={() => onChange(withFilters(state, { search: undefined, tag: undefined, sweepId: undefined, status: [], config: {} }))}
          >
            Clear all filters
          </button>
        </div>
      )}
    </div>
  );
}

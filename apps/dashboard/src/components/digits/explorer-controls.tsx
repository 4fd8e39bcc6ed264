'use client';
// The explorer's controls shared by its test and validation views: which digits, a labelled choice, the true-label filter.
import { DIGIT_SETS, sortsOf, type DigitSet, type ExplorerState } from '../../lib/digit-explorer';

const SET_LABELS: Record<DigitSet, string> = { test: 'Test digits', validation: 'Validation digits' };

export function SetSwitch({ state, update }: { state: ExplorerState; update: (patch: Partial<ExplorerState>) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Digits" data-testid="digit-set">
      {DIGIT_SETS.map((set) => (
        <button
          key={set}
          type="button"
          aria-pressed={state.set === set}
          // A sort only validation digits have falls back to the default on the test digits.
          onClick={() => update({ set, sort: sortsOf(set).includes(state.sort) ? state.sort : 'agreement-asc' })}
        >
          {SET_LABELS[set]}
        </button>
      ))}
    </div>
  );
}

export function Choice<T extends string>({ label, value, choices, names, onChange }: { label: string; value: T; choices: readonly T[]; names: Record<T, string>; onChange: (v: T) => void }) {
  return (
    <label className="control">
      {label}
      <select className="select" value={value} onChange={(e) => onChange(e.target.value as T)}>
        {choices.map((c) => (
          <option key={c} value={c}>
            {names[c]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function LabelSelect({ value, onChange }: { value: number | undefined; onChange: (label: number | undefined) => void }) {
  return (
    <label className="control">
      True label
      <select className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}>
        <option value="">any</option>
        {[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </label>
  );
}

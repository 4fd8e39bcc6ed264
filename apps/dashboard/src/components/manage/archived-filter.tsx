// Which runs the table lists: the active ones (the default), the archived ones, or both.
import type { ArchivedFilter } from '@mnist-lab/contracts';

const CHOICES: { value: ArchivedFilter; label: string }[] = [
  { value: 'exclude', label: 'Active' },
  { value: 'only', label: 'Archived' },
  { value: 'include', label: 'All' },
];

export function ArchivedFilterControl({ value, onChange }: { value: ArchivedFilter; onChange: (value: ArchivedFilter) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Archived runs" data-testid="archived-filter">
      {CHOICES.map((c) => (
        <button key={c.value} type="button" aria-pressed={value === c.value} onClick={() => onChange(c.value)}>
          {c.label}
        </button>
      ))}
    </div>
  );
}

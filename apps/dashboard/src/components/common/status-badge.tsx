// A run's status as a colored pill; running pulses so live runs stand out in a long table.
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

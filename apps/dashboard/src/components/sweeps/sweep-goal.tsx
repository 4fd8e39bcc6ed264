// A sweep's metric with an arrow for its goal: ↑ when higher is better, ↓ when lower is.
export function SweepGoal({ metric, goal }: { metric: string; goal: string }) {
  const up = goal !== 'minimize';
  return (
    <span className="sweep-goal" title={up ? `maximize ${metric}` : `minimize ${metric}`}>
      <code>{metric}</code>
      <span className="sweep-goal-arrow" aria-label={goal}>
        {up ? '↑' : '↓'}
      </span>
    </span>
  );
}

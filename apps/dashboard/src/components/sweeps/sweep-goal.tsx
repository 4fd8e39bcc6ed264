// A sweep's metric with an arrow for its goal: ↑ when higher is better, ↓ when lower is.
import styles from './sweeps.module.css';

export function SweepGoal({ metric, goal }: { metric: string; goal: string }) {
  const up = goal !== 'minimize';
  return (
    <span className={styles.goal} title={up ? `maximize ${metric}` : `minimize ${metric}`}>
      <code>{metric}</code>
      <span className={styles.goalArrow} aria-label={goal}>
        {up ? '↑' : '↓'}
      </span>
    </span>
  );
}

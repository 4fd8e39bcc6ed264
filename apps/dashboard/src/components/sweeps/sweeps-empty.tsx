// The sweeps page before any sweep exists: how to start one from the command line, with a config to copy.
import { EmptyState } from '../common/states';
import styles from './sweeps.module.css';

/** The smallest useful config: a random search over the learning rate and dropout (as tools/demo/sweep.yaml). */
const EXAMPLE = `name: lr-and-dropout
method: random            # grid | random | tpe
metric: val_accuracy      # goal: maximize, from the name
maxTrials: 8
parameters:
  learningRate: { distribution: log_uniform, min: 1.0e-4, max: 1.0e-2 }
  dropout: { values: [0.1, 0.2, 0.3] }
  epochs: 5`;

export function SweepsEmpty() {
  return (
    <div className="card">
      <EmptyState title="No sweeps yet">
        <p>
          Save a search space as <code>sweep.yaml</code>, then run <code>npx mnist-lab sweep --config sweep.yaml</code>. Its trials
          appear here as they train.
        </p>
        <pre className={styles.yaml} aria-label="Example sweep.yaml">
          {EXAMPLE}
        </pre>
        <p>
          More machines can join a running sweep with <code>npx mnist-lab agent --sweep &lt;id&gt;</code>.
        </p>
      </EmptyState>
    </div>
  );
}

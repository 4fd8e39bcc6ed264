// Which set the matrix and gallery below show: the test set as the final model classifies it, or the validation set
// at the epoch the slider picks (arrow keys step it one epoch).
import { formatPercent } from '../../lib/format';
import type { EpochView } from './use-epoch-view';
import styles from './run-view.module.css';

interface Props {
  view: EpochView;
  onView: (next: EpochView) => void;
  epochs: readonly number[];
  epoch?: number;
  /** Validation accuracy of the epoch on screen; undefined while it loads. */
  accuracy?: number;
  loading: boolean;
  /** Why there is no validation view (a run logged before it was stored, say); null when there is one. */
  unavailable: string | null;
}

export function EpochControls({ view, onView, epochs, epoch, accuracy, loading, unavailable }: Props) {
  const validation = view.set === 'validation' && !unavailable;
  const at = epoch === undefined ? -1 : epochs.indexOf(epoch);
  return (
    <div className={`card ${styles.setBar}`} data-testid="set-controls">
      <div className="segmented" role="group" aria-label="Set shown">
        <button type="button" aria-pressed={!validation} onClick={() => onView({ set: 'test' })} data-testid="set-test">
          Test · final model
        </button>
        <button
          type="button"
          aria-pressed={validation}
          disabled={unavailable !== null}
          title={unavailable ?? 'The validation set at any epoch of training'}
          onClick={() => onView({ ...view, set: 'validation' })}
          data-testid="set-validation"
        >
          Validation · by epoch
        </button>
      </div>
      {validation && epochs.length > 0 && (
        <>
          <label className={`control ${styles.slider}`}>
            Epoch
            <input
              type="range"
              min={0}
              max={epochs.length - 1}
              step={1}
              value={Math.max(0, at)}
              aria-valuetext={`epoch ${epoch} of ${epochs.at(-1)}`}
              disabled={epochs.length < 2}
              onChange={(e) => onView({ ...view, set: 'validation', epoch: epochs[Number(e.target.value)] })}
              data-testid="epoch-slider"
            />
          </label>
          <strong className="num" data-testid="epoch-shown">
            {epoch} / {epochs.at(-1)}
          </strong>
          <span className="muted num">
            val accuracy {accuracy === undefined ? '…' : formatPercent(accuracy, 2)}
            {loading && ' · loading'}
          </span>
        </>
      )}
      {unavailable && <span className="muted">{unavailable}</span>}
    </div>
  );
}

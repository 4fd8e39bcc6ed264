// Which band a group's mean is drawn with: the runs' range, one standard deviation, or the 95% t-interval of the mean.
import { BAND_KINDS, BAND_LABELS, type BandKind } from '../../lib/group-stats';

const TITLES: Record<BandKind, string> = {
  minmax: "from the group's lowest to its highest run at each epoch",
  std: 'the mean plus and minus one sample standard deviation across seeds',
  ci95: "a 95% t-interval of the mean across seeds: where the configuration's true mean curve likely lies",
};

export function BandPicker({ band, onChange }: { band: BandKind; onChange: (band: BandKind) => void }) {
  return (
    <div className="control">
      <span>Band</span>
      <div className="segmented" role="group" aria-label="Band around each group's mean">
        {BAND_KINDS.map((b) => (
          <button key={b} type="button" aria-pressed={band === b} title={TITLES[b]} data-testid={`band-${b}`} onClick={() => onChange(b)}>
            {BAND_LABELS[b]}
          </button>
        ))}
      </div>
    </div>
  );
}

import type { TextPreset } from '../shared/deep-model-types.ts';
import type { PresetEstimate } from '../shared/worker-api.ts';
import { formatDuration } from '../app/format.ts';

interface PresetChoiceProps {
  value: TextPreset;
  onChange: (preset: TextPreset) => void;
  /** Null while the sample run that times both presets is going. */
  estimate: PresetEstimate | null;
  disabled: boolean;
}

const about = (ms: number | undefined) =>
  ms === undefined ? 'timing…' : `about ${formatDuration(ms)}`;

/**
 * Fast or Best, in the owner's words, each with the time it is expected to take on this
 * device's backend (measured on a sample of the catalogue).
 */
export function PresetChoice({ value, onChange, estimate, disabled }: PresetChoiceProps) {
  return (
    <fieldset className="preset-choice" disabled={disabled} data-testid="preset-choice">
      <legend>Model</legend>
      <label>
        <input
          type="radio"
          name="preset"
          value="fast"
          checked={value === 'fast'}
          onChange={() => onChange('fast')}
        />{' '}
        <strong>Fast</strong>: learns which words and word pieces point to each category (
        <span data-testid="estimate-fast">{about(estimate?.fastMs)}</span>).
      </label>
      <label>
        <input
          type="radio"
          name="preset"
          value="best"
          checked={value === 'best'}
          disabled={estimate?.bestAvailable === false}
          onChange={() => onChange('best')}
        />{' '}
        <strong>Best</strong>: also learns what words mean from all your product texts and adds a
        neural network that reads them in order; usually a little more accurate, several times
        slower (<span data-testid="estimate-best">{about(estimate?.bestMs)}</span>).
      </label>
      {estimate?.bestAvailable === false && (
        <p className="muted">
          Best needs every product text in memory; this catalogue is trained from storage, so only
          Fast is offered.
        </p>
      )}
      {estimate && (
        <p className="muted">
          Suggested for {estimate.rows.toLocaleString()} products on this device:{' '}
          {estimate.recommended === 'best' ? 'Best' : 'Fast'}.
        </p>
      )}
    </fieldset>
  );
}

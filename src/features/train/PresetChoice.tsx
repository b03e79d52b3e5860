import { useTranslation } from 'react-i18next';
import type { PresetEstimate, TextPreset } from '@shared/contracts/train.ts';
import { count, formatDuration } from '../../common/format.ts';
import { rich, slot } from '../../i18n/rich.tsx';

interface PresetChoiceProps {
  value: TextPreset;
  onChange: (preset: TextPreset) => void;
  /** Null while the sample run that times both presets is going. */
  estimate: PresetEstimate | null;
  disabled: boolean;
}

/**
 * Fast or Best, in the owner's words, each with the time it is expected to take on this
 * device's backend (measured on a sample of the catalogue).
 */
export function PresetChoice({ value, onChange, estimate, disabled }: PresetChoiceProps) {
  const { t } = useTranslation();
  const about = (ms: number | undefined) =>
    ms === undefined
      ? t('train.preset.timing')
      : t('train.preset.about', { time: formatDuration(ms) });
  const bestOffered = estimate?.bestAvailable !== false;
  return (
    <fieldset className="preset-choice" disabled={disabled} data-testid="preset-choice">
      <legend>{t('train.preset.legend')}</legend>
      <label>
        <input
          type="radio"
          name="preset"
          value="fast"
          checked={value === 'fast'}
          onChange={() => onChange('fast')}
          // A click on the preset already shown keeps it, even when a later estimate suggests
          // the other one.
          onClick={() => onChange('fast')}
        />{' '}
        <span>
          {rich(
            t('train.preset.line', {
              name: slot('name'),
              text: t('train.preset.fast'),
              time: slot('time'),
            }),
            {
              name: <strong>{t('train.preset.names.fast')}</strong>,
              time: <span data-testid="estimate-fast">{about(estimate?.fastMs)}</span>,
            },
          )}
        </span>
      </label>
      <label>
        <input
          type="radio"
          name="preset"
          value="best"
          checked={value === 'best'}
          disabled={!bestOffered}
          onChange={() => onChange('best')}
          onClick={() => onChange('best')}
        />{' '}
        <span>
          {rich(
            t('train.preset.line', {
              name: slot('name'),
              text: t('train.preset.best'),
              time: slot('time'),
            }),
            {
              name: <strong>{t('train.preset.names.best')}</strong>,
              time: <span data-testid="estimate-best">{about(estimate?.bestMs)}</span>,
            },
          )}
        </span>
      </label>
      {!bestOffered && <p className="muted">{t('train.preset.fromStorage')}</p>}
      {estimate && (
        <p className="muted" data-testid="preset-suggestion">
          {t('train.preset.suggested', {
            products: count(estimate.rows),
            preset: t(`train.preset.names.${estimate.recommended}`),
          })}
        </p>
      )}
    </fieldset>
  );
}

import { useTranslation } from 'react-i18next';
import type { TrainOptions } from '@shared/contracts/train.ts';

interface TrainOptionsFormProps {
  options: TrainOptions;
  onChange(options: TrainOptions): void;
  disabled: boolean;
}

/** The expert's settings of a run; the defaults are what the benchmarks chose. */
export function TrainOptionsForm({ options, onChange, disabled }: TrainOptionsFormProps) {
  const { t } = useTranslation();
  const number = (key: keyof TrainOptions, value: string) =>
    onChange({ ...options, [key]: Number(value) });
  return (
    <fieldset className="options" disabled={disabled}>
      <legend className="visually-hidden">{t('train.options.legend')}</legend>
      <label>
        {t('train.options.epochs')}
        <input
          type="number"
          min={1}
          max={200}
          placeholder={t('train.options.auto')}
          value={options.epochs === 'auto' ? '' : options.epochs}
          onChange={(e) =>
            onChange({ ...options, epochs: e.target.value ? Number(e.target.value) : 'auto' })
          }
        />
      </label>
      <label>
        {t('train.options.batchSize')}
        <input
          type="number"
          min={8}
          max={4096}
          value={options.batchSize}
          onChange={(e) => number('batchSize', e.target.value)}
        />
      </label>
      <label>
        {t('train.options.learningRate')}
        <input
          type="number"
          step={0.005}
          min={0.0001}
          value={options.learningRate}
          onChange={(e) => number('learningRate', e.target.value)}
        />
      </label>
      <label>
        {t('train.options.patience')}
        <input
          type="number"
          min={1}
          value={options.patience}
          onChange={(e) => number('patience', e.target.value)}
        />
      </label>
      <label>
        {t('train.options.seed')}
        <input
          type="number"
          value={options.seed}
          onChange={(e) => number('seed', e.target.value)}
        />
      </label>
      <label>
        {t('train.options.loss')}
        <select
          value={options.loss}
          onChange={(e) => onChange({ ...options, loss: e.target.value as TrainOptions['loss'] })}
        >
          <option value="squaredHinge">{t('train.options.lossSquaredHinge')}</option>
          <option value="softmax">{t('train.options.lossSoftmax')}</option>
          <option value="focal">{t('train.options.lossFocal')}</option>
        </select>
      </label>
      <label>
        {t('train.options.classWeights')}
        <select
          value={options.classWeighting}
          onChange={(e) =>
            onChange({
              ...options,
              classWeighting: e.target.value as TrainOptions['classWeighting'],
            })
          }
        >
          <option value="none">{t('train.options.weightsNone')}</option>
          <option value="balanced">{t('train.options.weightsBalanced')}</option>
          <option value="sqrt">{t('train.options.weightsSqrt')}</option>
          <option value="effective">{t('train.options.weightsEffective')}</option>
        </select>
      </label>
      <label>
        {t('train.options.sampling')}
        <select
          value={options.sampling ?? 'shuffle'}
          onChange={(e) =>
            onChange({ ...options, sampling: e.target.value as TrainOptions['sampling'] })
          }
        >
          <option value="shuffle">{t('train.options.samplingShuffle')}</option>
          <option value="balanced">{t('train.options.samplingBalanced')}</option>
        </select>
      </label>
      <label>
        {t('train.options.minClassSize')}
        <input
          type="number"
          min={1}
          value={options.minClassSize ?? 1}
          onChange={(e) => number('minClassSize', e.target.value)}
        />
      </label>
    </fieldset>
  );
}

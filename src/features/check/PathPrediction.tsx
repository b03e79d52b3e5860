import { useTranslation } from 'react-i18next';
import type { PathClassification } from '@shared/contracts/classify.ts';
import { percent } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';

/** The predicted category path, saying when it stopped at an ancestor for lack of confidence. */
export function PathPrediction({ result }: { result: PathClassification }) {
  const { t } = useTranslation();
  return (
    <p className="path-prediction" data-testid="path-prediction">
      {result.path.length === 0 ? (
        t('path.none')
      ) : (
        <>
          <span className="muted">
            {result.backedOff ? t('path.confidentTo') : t('path.category')}{' '}
          </span>
          <strong>
            <Data>{result.path.join(' › ')}</Data>
          </strong>{' '}
          <span className="muted">{percent(result.probability)}</span>
        </>
      )}
      {result.backedOff && result.leafPath.length > 0 && (
        <span className="muted">
          {' '}
          {t('path.bestGuess', { probability: percent(result.leafProbability) })}{' '}
          <Data>{result.leafPath.join(' › ')}</Data>
          {t('path.bestGuessEnd')}
        </span>
      )}
    </p>
  );
}

import { useTranslation } from 'react-i18next';
import { count } from '../../common/format.ts';
import { displayModelName } from '../../common/model-name.ts';
import { Data } from '../../i18n/rich.tsx';
import { useBackendChoice } from '../backend-context.tsx';
import { useScreenHref } from '../routes.ts';
import { useWorkspace } from '../workspace-context.tsx';

/** The catalogue and model the steps work on, and the compute backend: always in sight. */
export function CurrentWork() {
  const { t } = useTranslation();
  const href = useScreenHref();
  const { dataset, model } = useWorkspace();
  const { current, measuring } = useBackendChoice();
  return (
    <dl className="current-work" aria-label={t('current.label')}>
      <div>
        <dt>{t('current.catalogue')}</dt>
        <dd data-testid="current-dataset">
          {dataset ? (
            <a href={href('import')}>
              <Data>{dataset.name}</Data>{' '}
              <span className="muted">
                {t('current.products', { count: dataset.rowCount, n: count(dataset.rowCount) })}
              </span>
            </a>
          ) : (
            <a href={href('import')}>{t('current.noCatalogue')}</a>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('current.model')}</dt>
        <dd data-testid="current-model">
          {model ? (
            <a href={href('models')}>
              <Data>{displayModelName(model)}</Data>
            </a>
          ) : (
            <a href={href('train')}>{t('current.noModel')}</a>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('current.compute')}</dt>
        <dd>
          <a href={href('settings')} className="badge" data-testid="backend-in-use" translate="no">
            {current ?? '…'}
          </a>
          {measuring && <span className="muted"> {t('current.measuring')}</span>}
        </dd>
      </div>
    </dl>
  );
}

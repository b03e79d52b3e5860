import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { Expert } from '../../common/components/Expert.tsx';
import { NextStep } from '../../common/components/NextStep.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { requestPersistence } from '../../common/storage-usage.ts';
import { kiosk } from '../../app/kiosk.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { ClassSizeChart } from './ClassSizeChart.tsx';
import { DatasetList } from './DatasetList.tsx';
import { DatasetRows } from './DatasetRows.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { loadDemo } from './demo.ts';

let persistenceAsked = false;

/** Step 1: a catalogue file (or the demo) becomes a stored dataset the next steps work on. */
export function ImportScreen() {
  const { t } = useTranslation();
  const importer = useWorker('import');
  const { datasets, dataset, refresh, selectDataset, report } = useWorkspace();
  const [demo, setDemo] = useState<'idle' | 'loading' | 'done'>('idle');

  const imported = (added: DatasetRecord) => {
    refresh()
      .then(() => selectDataset(added.id))
      .catch(report);
    // The first catalogue is when there is something worth keeping.
    if (!kiosk && !persistenceAsked) {
      persistenceAsked = true;
      requestPersistence().catch(report);
    }
  };

  async function tryDemo() {
    setDemo('loading');
    try {
      imported(await loadDemo(importer.get()));
      setDemo('done');
    } catch (caught) {
      setDemo('idle');
      report(caught);
    }
  }

  const first = datasets.length === 0;
  return (
    <ScreenFrame
      screen="import"
      lead={first ? t('import.lead.first') : t('import.lead.more')}
      about={
        <>
          <p>{t('import.about.what')}</p>
          <p>{t('import.about.private')}</p>
        </>
      }
    >
      {(first || demo !== 'idle') && (
        <section className="card welcome" aria-labelledby="welcome-heading">
          <h2 id="welcome-heading">{t('import.demo.heading')}</h2>
          <p>{t('import.demo.body')}</p>
          {demo === 'done' ? (
            <>
              <Banner kind="success" title={t('import.demo.loaded')} />
              <NextStep to="train" focus>
                {t('import.next')}
              </NextStep>
            </>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={demo === 'loading'}
              onClick={() => tryDemo().catch(report)}
            >
              {demo === 'loading' ? t('import.demo.loading') : t('import.demo.button')}
            </button>
          )}
          <p className="muted small">{t('import.demo.licence')}</p>
        </section>
      )}
      <ImportPanel onImported={imported} />
      <DatasetList />
      {dataset && (
        <section className="card" aria-labelledby="look-heading">
          <h2 id="look-heading">
            {rich(t('import.look.heading', { name: slot('name') }), {
              name: <Data>{dataset.name}</Data>,
            })}
          </h2>
          <Expert summary={t('import.look.rows')}>
            <DatasetRows key={dataset.id} dataset={dataset} />
          </Expert>
          <Expert summary={t('import.look.categories')}>
            <ClassSizeChart classCounts={dataset.classCounts} />
          </Expert>
          {!first && demo === 'idle' && <NextStep to="train" primary={false} />}
        </section>
      )}
    </ScreenFrame>
  );
}

import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { deleteModel, modelWeightBytes, renameModel } from '@shared/db/model-store.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { useConfirm } from '../../common/components/ConfirmDialog.tsx';
import { NameEditor } from '../../common/components/NameEditor.tsx';
import { DropZone } from '../../common/components/DropZone.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { appDb } from '../../common/db.ts';
import { asFailure, type Failure } from '../../common/failure.ts';
import { count, dateTime, decimal, formatBytes, percent } from '../../common/format.ts';
import { displayModelName } from '../../common/model-name.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { backendName } from '../train/fallback-text.ts';
import { BundleExport } from './BundleExport.tsx';
import { ModelComparison } from './ModelComparison.tsx';

/**
 * Every text model in this browser: what it was trained on and how, how well it does, its
 * size; use, rename, delete, export as a bundle, import one, and compare two side by side.
 */
export function ModelRegistry() {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const worker = useWorker('lifecycle');
  const { models, datasets, model: current, chooseModel, refresh } = useWorkspace();
  const [compared, setCompared] = useState<string[]>([]);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<ReactNode | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const datasetIds = new Set(datasets.map((dataset) => dataset.id));
  const report = (caught: unknown) => setError(asFailure(caught));

  /** Runs an action of the list; its failure shows above the list. Never rejects. */
  async function act(work: () => Promise<void>) {
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(asFailure(caught));
    }
  }

  const saveName = (id: string, name: string) =>
    act(async () => {
      await renameModel(await appDb(), id, name);
      setRenaming(null);
      await refresh();
    });

  async function remove(model: ModelRecord) {
    const name = displayModelName(model);
    const yes = await confirm({
      title: t('models.delete.title'),
      body: (
        <p>
          {rich(t('models.delete.body', { name: slot('name') }), { name: <Data>{name}</Data> })}
        </p>
      ),
      confirmLabel: t('models.delete.confirm'),
      danger: true,
    });
    if (!yes) return;
    await act(async () => {
      await deleteModel(await appDb(), model.id);
      setCompared((ids) => ids.filter((id) => id !== model.id));
      if (exporting === model.id) setExporting(null);
      if (current?.id === model.id) chooseModel(null);
      setNotice(rich(t('models.deleted', { name: slot('name') }), { name: <Data>{name}</Data> }));
      await refresh();
    });
  }

  const toggleCompared = (id: string, checked: boolean) =>
    setCompared((ids) =>
      checked
        ? [...ids.filter((other) => other !== id), id].slice(-2)
        : ids.filter((o) => o !== id),
    );

  async function importBundle(file: File) {
    setImporting(true);
    setNotice(null);
    await act(async () => {
      const imported = await worker.get().api.importModelBundle(file);
      const name = <Data>{displayModelName(imported.model)}</Data>;
      const dataset = <Data>{imported.model.datasetName}</Data>;
      setNotice(
        <>
          {rich(t('models.imported', { name: slot('name') }), { name })}
          {imported.previousId && ` ${t('models.importedCopy')}`}{' '}
          {rich(
            t(imported.datasetPresent ? 'models.linked' : 'models.standalone', {
              dataset: slot('dataset'),
            }),
            { dataset },
          )}
        </>,
      );
      await refresh();
      chooseModel(imported.model.id);
    });
    setImporting(false);
  }

  const byId = new Map(models.map((model) => [model.id, model]));
  const [first, second] = compared.map((id) => byId.get(id));
  const exported = exporting ? byId.get(exporting) : undefined;
  return (
    <>
      <section className="card" aria-labelledby="models-heading">
        <h2 id="models-heading">{t('models.heading')}</h2>
        {notice && (
          <Banner kind="success" testId="registry-notice">
            <p>{notice}</p>
          </Banner>
        )}
        {error && <ErrorNote code={error.code} message={error.message} />}
        {models.length === 0 ? (
          <p className="muted">{t('models.empty')}</p>
        ) : (
          <>
            {models.length >= 2 && <p className="muted">{t('models.compareHelp')}</p>}
            <ul className="model-list" data-testid="model-registry">
              {models.map((model) => {
                const name = displayModelName(model);
                const isCurrent = model.id === current?.id;
                const { metrics } = model.evaluation;
                return (
                  <li
                    key={model.id}
                    data-model-id={model.id}
                    className={isCurrent ? 'model selected' : 'model'}
                    aria-current={isCurrent ? 'true' : undefined}
                  >
                    <div className="model-head">
                      {renaming === model.id ? (
                        <NameEditor
                          label={t('models.newName', { name })}
                          initial={model.name ?? name}
                          onSave={(typed) => saveName(model.id, typed).catch(report)}
                          onCancel={() => setRenaming(null)}
                        />
                      ) : (
                        <Data className="model-name">{name}</Data>
                      )}
                      {isCurrent && <span className="badge">{t('models.inUse')}</span>}
                      {model.partial && (
                        <span className="badge warn">{t('models.stoppedEarly')}</span>
                      )}
                    </div>
                    <div className="muted">
                      {rich(t('models.on', { dataset: slot('dataset') }), {
                        dataset: <Data>{model.datasetName}</Data>,
                      })}
                      {!datasetIds.has(model.datasetId) && (
                        <span className="badge warn" title={t('models.standaloneHelp')}>
                          {t('models.notHere')}
                        </span>
                      )}
                      {' · '}
                      {dateTime(model.createdAt)} · {backendName(model.backend, t)}
                    </div>
                    <dl className="model-figures">
                      <div>
                        <dt>{t('metrics.accuracy')}</dt>
                        <dd>{percent(metrics.accuracy)}</dd>
                      </div>
                      <div>
                        <dt>{t('metrics.macroF1')}</dt>
                        <dd>{decimal(metrics.macroF1)}</dd>
                      </div>
                      <div>
                        <dt>{t('models.size')}</dt>
                        <dd>{formatBytes(modelWeightBytes(model))}</dd>
                      </div>
                      <div>
                        <dt>{t('models.epochs')}</dt>
                        <dd>{count(model.history.length)}</dd>
                      </div>
                      <div>
                        <dt>{t('models.preset')}</dt>
                        <dd>{t(`train.preset.names.${model.preset ?? 'fast'}`)}</dd>
                      </div>
                    </dl>
                    <div className="actions">
                      {models.length >= 2 && (
                        <label className="inline compare-choice">
                          <input
                            type="checkbox"
                            aria-label={t('models.compare', { name })}
                            checked={compared.includes(model.id)}
                            onChange={(event) => toggleCompared(model.id, event.target.checked)}
                          />
                          <span aria-hidden="true">{t('models.compareShort')}</span>
                        </label>
                      )}
                      <button
                        type="button"
                        disabled={isCurrent}
                        aria-label={t('models.useLabel', { name })}
                        onClick={() => chooseModel(model.id)}
                      >
                        {t('models.use')}
                      </button>
                      <button
                        type="button"
                        aria-label={t('models.renameLabel', { name })}
                        onClick={() => setRenaming(model.id)}
                      >
                        {t('models.rename')}
                      </button>
                      <button
                        type="button"
                        aria-label={t('models.exportLabel', { name })}
                        aria-expanded={exporting === model.id}
                        onClick={() => setExporting(exporting === model.id ? null : model.id)}
                      >
                        {t('models.export')}
                      </button>
                      <button
                        type="button"
                        className="quiet"
                        aria-label={t('models.deleteLabel', { name })}
                        onClick={() => remove(model).catch(report)}
                      >
                        {t('common.delete')}
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          </>
        )}
        {exported && (
          <BundleExport key={exported.id} model={exported} onClose={() => setExporting(null)} />
        )}
        {first && second && <ModelComparison a={first} b={second} />}
      </section>
      <section className="card" aria-labelledby="bundle-import-heading">
        <h2 id="bundle-import-heading">{t('models.import.heading')}</h2>
        <p className="muted">{t('models.import.help')}</p>
        <DropZone
          label={importing ? t('models.import.reading') : t('models.import.drop')}
          accept=".zip,application/zip"
          testId="bundle-file"
          disabled={importing}
          compact
          onFiles={(files) => files[0] && importBundle(files[0]).catch(report)}
        />
      </section>
    </>
  );
}

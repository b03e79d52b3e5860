import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import { deleteDataset, renameDataset } from '@shared/db/catalogue-store.ts';
import { deleteDatasetPhotos } from '@shared/db/photo-store.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { useConfirm } from '../../common/components/ConfirmDialog.tsx';
import { NameEditor } from '../../common/components/NameEditor.tsx';
import { appDb } from '../../common/db.ts';
import { count, dateTime } from '../../common/format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';

/** The catalogues in this browser: which one the steps work on, renaming and deleting one. */
export function DatasetList() {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const { datasets, dataset: selected, models, selectDataset, refresh, report } = useWorkspace();
  const [renaming, setRenaming] = useState<string | null>(null);

  async function remove(dataset: DatasetRecord) {
    const modelCount = models.filter((m) => m.datasetId === dataset.id).length;
    const yes = await confirm({
      title: t('datasets.delete.title'),
      body: (
        <p>
          {rich(t('datasets.delete.body', { name: slot('name'), count: modelCount }), {
            name: <Data>{dataset.name}</Data>,
          })}
        </p>
      ),
      confirmLabel: t('datasets.delete.confirm'),
      danger: true,
    });
    if (!yes) return;
    const db = await appDb();
    await Promise.all([deleteDataset(db, dataset.id), deleteDatasetPhotos(db, dataset.id)]);
    await refresh();
  }

  async function saveName(id: string, name: string) {
    setRenaming(null);
    if (!name.trim()) return;
    await renameDataset(await appDb(), id, name.trim());
    await refresh();
  }

  return (
    <section className="card" aria-labelledby="datasets-heading">
      <h2 id="datasets-heading">{t('datasets.heading')}</h2>
      {datasets.length === 0 ? (
        <p className="muted">{t('datasets.empty')}</p>
      ) : (
        <ul className="dataset-list" data-testid="dataset-list">
          {datasets.map((dataset) => {
            const isSelected = dataset.id === selected?.id;
            const unlabelled = dataset.unlabelledCount ?? 0;
            return (
              <li
                key={dataset.id}
                className={isSelected ? 'dataset selected' : 'dataset'}
                aria-current={isSelected ? 'true' : undefined}
              >
                <div className="dataset-main">
                  {renaming === dataset.id ? (
                    <NameEditor
                      label={t('datasets.newName', { name: dataset.name })}
                      initial={dataset.name}
                      onSave={(name) => saveName(dataset.id, name).catch(report)}
                      onCancel={() => setRenaming(null)}
                    />
                  ) : (
                    <span className="dataset-name">
                      <Data>{dataset.name}</Data>
                    </span>
                  )}
                  {isSelected && <span className="badge">{t('datasets.inUse')}</span>}
                  {dataset.status === 'importing' && (
                    <span className="badge warn">{t('datasets.incomplete')}</span>
                  )}
                  <div className="muted">
                    <span data-testid="dataset-rows">{count(dataset.rowCount)}</span>{' '}
                    {t('datasets.facts', {
                      count: dataset.rowCount,
                      categories: count(Object.keys(dataset.classCounts).length),
                      date: dateTime(dataset.createdAt),
                    })}
                    {unlabelled > 0 && (
                      <>
                        {' · '}
                        <span data-testid="dataset-unlabelled">
                          {t('datasets.unlabelled', { count: unlabelled, n: count(unlabelled) })}
                        </span>
                      </>
                    )}
                    {dataset.skippedRows > 0 &&
                      ` · ${t('datasets.skipped', { count: dataset.skippedRows, n: count(dataset.skippedRows) })}`}
                    {' · '}
                    <Data>{dataset.fileName}</Data>
                  </div>
                </div>
                <div className="actions">
                  {!isSelected && (
                    <button
                      type="button"
                      aria-label={t('datasets.useLabel', { name: dataset.name })}
                      onClick={() => selectDataset(dataset.id)}
                    >
                      {t('datasets.use')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="quiet"
                    aria-label={t('datasets.renameLabel', { name: dataset.name })}
                    onClick={() => setRenaming(dataset.id)}
                  >
                    {t('datasets.rename')}
                  </button>
                  <button
                    type="button"
                    className="quiet"
                    aria-label={t('datasets.deleteLabel', { name: dataset.name })}
                    onClick={() => remove(dataset).catch(report)}
                  >
                    {t('common.delete')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

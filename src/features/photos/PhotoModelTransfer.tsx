import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageModelRecord } from '@shared/db/records/image.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { DropZone } from '../../common/components/DropZone.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure, type Failure } from '../../common/failure.ts';
import { downloadBlob, fileSlug } from '../../common/file-download.ts';
import { formatBytes } from '../../common/format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';

interface PhotoModelTransferProps {
  model: ImageModelRecord | null;
  disabled: boolean;
  onImported: (model: ImageModelRecord) => void;
}

/** Saves the photo model as a bundle (.zip), or brings one in from another browser. */
export function PhotoModelTransfer({ model, disabled, onImported }: PhotoModelTransferProps) {
  const { t } = useTranslation();
  const lifecycle = useWorker('lifecycle');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<ReactNode>(null);
  const [error, setError] = useState<Failure | null>(null);

  async function run(work: () => Promise<ReactNode>) {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      setNote(await work());
    } catch (caught) {
      setError(asFailure(caught));
    } finally {
      setBusy(false);
    }
  }

  const exportModel = (chosen: ImageModelRecord) =>
    run(async () => {
      const bytes = await lifecycle.get().api.exportPhotoModel(chosen.id);
      downloadBlob(
        `${fileSlug(chosen.datasetName)}-photo-model.zip`,
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
      );
      return t('photos.transfer.saved', { size: formatBytes(bytes.byteLength) });
    });

  const importModel = (file: File) =>
    run(async () => {
      const imported = await lifecycle.get().api.importPhotoModel(file);
      onImported(imported.model);
      return rich(
        t(imported.datasetPresent ? 'photos.transfer.imported' : 'photos.transfer.standalone', {
          name: slot('name'),
        }),
        { name: <Data>{imported.model.datasetName}</Data> },
      );
    });

  return (
    <section className="card" aria-labelledby="photo-transfer-heading">
      <h2 id="photo-transfer-heading">{t('photos.transfer.heading')}</h2>
      <p className="muted">{t('photos.transfer.help')}</p>
      {model && (
        <div className="actions">
          <button
            type="button"
            disabled={disabled || busy}
            onClick={() =>
              exportModel(model).catch((caught: unknown) => setError(asFailure(caught)))
            }
          >
            {t('photos.transfer.export')}
          </button>
        </div>
      )}
      <DropZone
        label={t('photos.transfer.import')}
        accept=".zip,application/zip"
        testId="photo-model-import"
        disabled={disabled || busy}
        compact
        onFiles={(files) => {
          if (files[0])
            importModel(files[0]).catch((caught: unknown) => setError(asFailure(caught)));
        }}
      />
      {note && (
        <p role="status" data-testid="photo-transfer-note">
          {note}
        </p>
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
    </section>
  );
}

import { useState } from 'react';
import type { WorkerHandle } from '../bridge/workers.ts';
import type { ImageModelRecord } from '../shared/db/schema.ts';
import type { ImageApi } from '../shared/worker-api.ts';
import { asFailure, type Failure } from '../app/failure.ts';
import { downloadBlob, fileSlug, formatBytes } from '../app/file-download.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { ZipFileInput } from './lifecycle/ZipFileInput.tsx';

interface PhotoModelTransferProps {
  worker: () => WorkerHandle<ImageApi>;
  model: ImageModelRecord | null;
  disabled: boolean;
  onImported: (model: ImageModelRecord) => void;
}

/** Saves the photo model as a bundle (.zip), or brings one in from another browser. */
export function PhotoModelTransfer({
  worker,
  model,
  disabled,
  onImported,
}: PhotoModelTransferProps) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<Failure | null>(null);

  async function run(work: () => Promise<string>) {
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

  return (
    <div className="photo-transfer">
      {model && (
        <button
          type="button"
          disabled={disabled || busy}
          onClick={() =>
            void run(async () => {
              const bytes = await worker().api.exportPhotoModel(model.id);
              downloadBlob(
                `${fileSlug(model.datasetName)}-photo-model.zip`,
                new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
              );
              return `Photo model saved (${formatBytes(bytes.byteLength)}).`;
            })
          }
        >
          Export photo model (.zip)
        </button>
      )}{' '}
      <ZipFileInput
        label="Import a photo model (.zip)"
        testId="photo-model-import"
        disabled={disabled || busy}
        onFile={(file) =>
          void run(async () => {
            const imported = await worker().api.importPhotoModel(file);
            onImported(imported.model);
            return imported.datasetPresent
              ? `Imported the photo model of “${imported.model.datasetName}”.`
              : `Imported the photo model of “${imported.model.datasetName}”; its dataset is not in this browser, so it classifies photos on its own.`;
          })
        }
      />
      {note && (
        <p role="status" data-testid="photo-transfer-note">
          {note}
        </p>
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
    </div>
  );
}

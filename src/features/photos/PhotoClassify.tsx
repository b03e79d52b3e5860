import { useEffect, useState, type ClipboardEvent, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorker } from '../../app/workers-context.tsx';
import { DropZone } from '../../common/components/DropZone.tsx';
import { percent } from '../../common/format.ts';
import type { PhotoExplanation } from '@shared/contracts/image.ts';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { OcclusionMap } from './OcclusionMap.tsx';
import { asFailure, type Failure } from '../../common/failure.ts';

interface PhotoClassifyProps {
  modelReady: boolean;
  /** Whether the loaded model also reads text (a fused model). */
  usesText: boolean;
}

type Ranked = { label: string; probability: number }[];

/** Classify a product from a photo (pick, paste or drop), its text, or both. */
export function PhotoClassify({ modelReady, usesText }: PhotoClassifyProps) {
  const { t } = useTranslation();
  const worker = useWorker('image');
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [ranked, setRanked] = useState<Ranked | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const report = (caught: unknown) => setError(asFailure(caught));
  const [why, setWhy] = useState<PhotoExplanation | null>(null);
  const [explaining, setExplaining] = useState(false);

  // The preview's object URL is released when the photo changes and when the panel goes away.
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  function choose(file: File | null | undefined) {
    if (!file) return;
    setPhoto(file);
    setPreview(URL.createObjectURL(file));
    setRanked(null);
    setWhy(null);
  }

  async function explain() {
    if (!photo) return;
    setError(null);
    setExplaining(true);
    try {
      const bytes = await photo.arrayBuffer();
      setWhy(
        await worker
          .get()
          .api.explainPhoto(
            { photo: { bytes, type: photo.type, name: photo.name }, title: usesText ? title : '' },
            ranked?.[0]?.label,
          ),
      );
    } catch (caught) {
      setError(asFailure(caught));
    } finally {
      setExplaining(false);
    }
  }

  async function classify() {
    setError(null);
    try {
      const bytes = photo ? await photo.arrayBuffer() : null;
      const [top] = await worker.get().api.classify(
        [
          {
            ...(photo && bytes ? { photo: { bytes, type: photo.type, name: photo.name } } : {}),
            title: usesText ? title : '',
          },
        ],
        5,
      );
      setRanked(top ?? []);
      setWhy(null);
    } catch (caught) {
      setError(asFailure(caught));
    }
  }

  return (
    <section
      className="card photo-classify"
      aria-labelledby="photo-classify-heading"
      onPaste={(event: ClipboardEvent) => choose(event.clipboardData.files[0])}
      onDragOver={(event: DragEvent) => event.preventDefault()}
      onDrop={(event: DragEvent) => {
        event.preventDefault();
        choose(event.dataTransfer.files[0]);
      }}
    >
      <h2 id="photo-classify-heading">{t('photos.classify.heading')}</h2>
      <DropZone
        label={t('photos.classify.photo')}
        accept="image/*"
        testId="classify-photo"
        compact
        onFiles={(files) => choose(files[0])}
      />
      {usesText && (
        <label className="field">
          <span>{t('photos.classify.title')}</span>
          <input value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
      )}
      <button
        type="button"
        className="primary"
        disabled={!modelReady || (!photo && !title.trim())}
        onClick={() => classify().catch(report)}
      >
        {t('photos.classify.button')}
      </button>
      {!modelReady && <span className="muted"> {t('photos.classify.noModel')}</span>}
      <div className="photo-result">
        {preview && photo && (
          <img src={preview} alt={t('photos.classify.alt', { name: photo.name })} width={160} />
        )}
        {ranked && photo && (
          <button type="button" disabled={explaining} onClick={() => explain().catch(report)}>
            {explaining ? t('photos.classify.explaining') : t('photos.classify.why')}
          </button>
        )}
        {ranked && (
          <ol className="ranked" data-testid="photo-predictions">
            {ranked.map(({ label, probability }) => (
              <li key={label}>
                <span className="bar" style={{ width: `${Math.max(2, probability * 100)}%` }} />
                <span className="label" translate="no">
                  {label}
                </span>{' '}
                <span className="muted">{percent(probability)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
      {why && preview && photo && (
        <OcclusionMap
          src={preview}
          alt={t('photos.classify.mapAlt', { name: photo.name })}
          explanation={why}
        />
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
    </section>
  );
}

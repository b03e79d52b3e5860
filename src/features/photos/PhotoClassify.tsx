import { useEffect, useState, type ClipboardEvent, type DragEvent } from 'react';
import type { WorkerHandle } from '../../bridge/workers.ts';
import type { ImageApi, PhotoExplanation } from '@shared/contracts/image.ts';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { OcclusionMap } from './OcclusionMap.tsx';
import { asFailure, type Failure } from '../../common/failure.ts';

interface PhotoClassifyProps {
  worker: () => WorkerHandle<ImageApi>;
  modelReady: boolean;
  /** Whether the loaded model also reads text (a fused model). */
  usesText: boolean;
}

type Ranked = { label: string; probability: number }[];

/** Classify a product from a photo (pick, paste or drop), its text, or both. */
export function PhotoClassify({ worker, modelReady, usesText }: PhotoClassifyProps) {
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
        await worker().api.explainPhoto(
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
      const [top] = await worker().api.classify(
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
    <div
      className="photo-classify"
      onPaste={(event: ClipboardEvent) => choose(event.clipboardData.files[0])}
      onDragOver={(event: DragEvent) => event.preventDefault()}
      onDrop={(event: DragEvent) => {
        event.preventDefault();
        choose(event.dataTransfer.files[0]);
      }}
    >
      <h3>Classify by photo</h3>
      <label>
        Photo (pick, paste or drop)
        <input
          type="file"
          accept="image/*"
          data-testid="classify-photo"
          onChange={(event) => choose(event.target.files?.[0])}
        />
      </label>
      {usesText && (
        <label>
          Title (optional)
          <input value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
      )}
      <button
        type="button"
        className="primary"
        disabled={!modelReady || (!photo && !title.trim())}
        onClick={() => classify().catch(report)}
      >
        Categorise photo
      </button>
      {!modelReady && <span className="muted"> Train a photo model first.</span>}
      <div className="photo-result">
        {preview && photo && <img src={preview} alt={`The photo ${photo.name}`} width={160} />}
        {ranked && photo && (
          <button type="button" disabled={explaining} onClick={() => explain().catch(report)}>
            {explaining ? 'Covering each part of the photo…' : 'Why? (occlusion map)'}
          </button>
        )}
        {ranked && (
          <ol className="ranked" data-testid="photo-predictions">
            {ranked.map(({ label, probability }) => (
              <li key={label}>
                <span className="bar" style={{ width: `${Math.max(2, probability * 100)}%` }} />
                <span className="label">{label}</span>{' '}
                <span className="muted">{(probability * 100).toFixed(1)}%</span>
              </li>
            ))}
          </ol>
        )}
      </div>
      {why && preview && photo && (
        <OcclusionMap src={preview} alt={`Occlusion map of ${photo.name}`} explanation={why} />
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
    </div>
  );
}

import { useState } from 'react';
import type { WorkerHandle } from '../../bridge/workers.ts';
import type { BackboneSummary } from '@shared/db/backbone-store.ts';
import type { InputScaling } from '@shared/db/records/image.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { ImageApi, IncomingPhoto } from '@shared/contracts/image.ts';
import { filesFromInput } from './dropped-files.ts';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure } from '../../common/failure.ts';

interface BackboneImportProps {
  worker: () => WorkerHandle<ImageApi>;
  /** The backend the check runs on; null while it is being chosen. */
  backend: BackendName | null;
  imported: BackboneSummary[];
  /** Called after an import or a delete, with the new backbone when there is one. */
  onChanged: (added: BackboneSummary | null) => void;
  disabled: boolean;
}

const formatBytes = (bytes: number): string =>
  bytes < 1e6 ? `${Math.max(1, Math.round(bytes / 1e3))} kB` : `${(bytes / 1e6).toFixed(1)} MB`;

const SCALINGS: { value: InputScaling; label: string }[] = [
  { value: 'minusOneToOne', label: '−1 to 1 (MobileNet, most Keras applications)' },
  { value: 'zeroToOne', label: '0 to 1' },
  { value: 'zeroTo255', label: '0 to 255 (raw pixels)' },
];

/** Brings the owner's own TF.js image network in, from files on this computer, and lists them. */
export function BackboneImport({
  worker,
  backend,
  imported,
  onChanged,
  disabled,
}: BackboneImportProps) {
  const [files, setFiles] = useState<IncomingPhoto[]>([]);
  const [name, setName] = useState('');
  const [scaling, setScaling] = useState<InputScaling>('minusOneToOne');
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'checking' }
    | { status: 'done'; message: string }
    | { status: 'failed'; code: string; message: string }
  >({ status: 'idle' });

  const pick = (list: FileList | null) => {
    setFiles(filesFromInput(list));
    setState({ status: 'idle' });
  };

  async function importModel() {
    if (!backend) return;
    setState({ status: 'checking' });
    try {
      // The check runs the network once, so the worker needs its backend first.
      await worker().api.useBackend(backend);
      const added = await worker().api.importBackbone({
        name,
        kind: 'image',
        inputScaling: scaling,
        files: files.map(({ path, file }) => ({ path, file })),
      });
      setState({
        status: 'done',
        message: `Imported “${added.name}”: ${added.inputShape[0]}×${added.inputShape[1]} pixels in, ${added.outputDim} features out.`,
      });
      setFiles([]);
      setName('');
      onChanged(added);
    } catch (error) {
      setState({
        status: 'failed',
        ...asFailure(error),
      });
    }
  }

  const report = (error: unknown) => setState({ status: 'failed', ...asFailure(error) });

  async function remove(backbone: BackboneSummary) {
    try {
      await worker().api.deleteBackbone(backbone.id);
      setState({ status: 'done', message: `Deleted “${backbone.name}” and its embeddings.` });
      onChanged(null);
    } catch (error) {
      setState({
        status: 'failed',
        ...asFailure(error),
      });
    }
  }

  const checking = state.status === 'checking';
  return (
    <fieldset className="backbone-import">
      <legend>Your own image model</legend>
      <p className="muted">
        A TF.js model (model.json and its .bin weight files) that turns a photo into features. It is
        checked here and kept in this browser; nothing is uploaded.
      </p>
      <label>
        model.json and .bin files
        <input
          type="file"
          multiple
          accept=".json,.bin"
          data-testid="backbone-files"
          onChange={(event) => pick(event.target.files)}
        />
      </label>
      <label>
        or its folder
        <input
          type="file"
          multiple
          data-testid="backbone-folder"
          // A directory picker; React does not know the attribute, the DOM does.
          {...{ webkitdirectory: '' }}
          onChange={(event) => pick(event.target.files)}
        />
      </label>
      <label>
        Name
        <input
          value={name}
          placeholder="the folder's name"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <label>
        Pixel values it expects
        <select
          value={scaling}
          onChange={(event) => setScaling(event.target.value as InputScaling)}
        >
          {SCALINGS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={disabled || checking || !backend || files.length === 0}
        onClick={() => importModel().catch(report)}
      >
        {checking ? 'Checking the model…' : `Import model (${files.length} files)`}
      </button>
      {state.status === 'done' && (
        <p role="status" className="ok" data-testid="backbone-status">
          {state.message}
        </p>
      )}
      {state.status === 'failed' && <ErrorNote code={state.code} message={state.message} />}
      {imported.length > 0 && (
        <ul aria-label="Imported image models" data-testid="imported-backbones">
          {imported.map((backbone) => (
            <li key={backbone.id}>
              <strong>{backbone.name}</strong>: {backbone.inputShape[0]}×{backbone.inputShape[1]}{' '}
              pixels in, {backbone.outputDim} features out, {formatBytes(backbone.size)}.{' '}
              <button
                type="button"
                disabled={disabled}
                aria-label={`Delete ${backbone.name}`}
                onClick={() => remove(backbone).catch(report)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

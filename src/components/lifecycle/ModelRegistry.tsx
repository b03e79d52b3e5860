import { useState, type KeyboardEvent } from 'react';
import type { DatasetRecord, ModelRecord } from '../../shared/db/schema.ts';
import {
  deleteModel,
  modelName,
  modelWeightBytes,
  renameModel,
} from '../../shared/db/model-registry.ts';
import type { ClassifyApi } from '../../shared/worker-api.ts';
import type { WorkerHandle } from '../../bridge/workers.ts';
import { appDb } from '../../app/db.ts';
import { decimal, percent } from '../../app/format.ts';
import { formatBytes } from '../../app/file-download.ts';
import { ErrorNote } from '../ErrorNote.tsx';
import { BundleExport } from './BundleExport.tsx';
import { ModelComparison } from './ModelComparison.tsx';
import { ZipFileInput } from './ZipFileInput.tsx';
import { asFailure, type Failure } from '../../app/failure.ts';

interface ModelRegistryProps {
  models: ModelRecord[];
  datasets: DatasetRecord[];
  /** The model the app classifies with. */
  currentModelId: string | null;
  worker: () => WorkerHandle<ClassifyApi>;
  /** Makes this model the one the app classifies, evaluates and reviews with. */
  onUse: (model: ModelRecord) => void;
  /** Something was renamed, deleted or imported: read the list again. */
  onChanged: () => void;
}

function optionsSummary(model: ModelRecord): string {
  const { options } = model;
  return [
    model.deepSummary
      ? `Best: linear + ${model.deepSummary.architecture} (deep share ${model.deepSummary.weight})`
      : 'Fast',
    `${options.loss}`,
    `${model.history.length} epochs${options.epochs === 'auto' ? ' (auto)' : ` of ${options.epochs}`}`,
    `lr ${options.learningRate}`,
    options.classWeighting === 'none' ? null : `${options.classWeighting} weights`,
    options.sampling === 'balanced' ? 'balanced sampling' : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * Every text model in this browser: what it was trained on and how, how well it does, its
 * size; rename, delete, export as a bundle, import one, and compare two side by side.
 */
export function ModelRegistry({
  models,
  datasets,
  currentModelId,
  worker,
  onUse,
  onChanged,
}: ModelRegistryProps) {
  const [compared, setCompared] = useState<string[]>([]);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const datasetIds = new Set(datasets.map((dataset) => dataset.id));

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
      onChanged();
    });

  const remove = (model: ModelRecord) => {
    if (!confirm(`Delete the model “${modelName(model)}” with its predictions?`)) return;
    void act(async () => {
      await deleteModel(await appDb(), model.id);
      setCompared((ids) => ids.filter((id) => id !== model.id));
      if (exporting === model.id) setExporting(null);
      setNotice(`Deleted “${modelName(model)}”.`);
      onChanged();
    });
  };

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
      const imported = await worker().api.importModelBundle(file);
      setNotice(
        `Model “${modelName(imported.model)}” imported` +
          (imported.previousId ? ' as a copy (a model with its id was already here)' : '') +
          (imported.datasetPresent
            ? `, linked to its dataset “${imported.model.datasetName}”.`
            : `. Its dataset “${imported.model.datasetName}” is not in this browser: the model classifies on its own.`),
      );
      onChanged();
      onUse(imported.model);
    });
    setImporting(false);
  }

  const renameKeys = (event: KeyboardEvent<HTMLInputElement>, id: string) => {
    if (event.key === 'Enter') void saveName(id, event.currentTarget.value);
    if (event.key === 'Escape') setRenaming(null);
  };

  const byId = new Map(models.map((model) => [model.id, model]));
  const [first, second] = compared.map((id) => byId.get(id));
  const exported = exporting ? byId.get(exporting) : undefined;
  return (
    <section className="card" aria-labelledby="models-heading">
      <h2 id="models-heading">Models</h2>
      <div className="registry-tools">
        <ZipFileInput
          label={importing ? 'Reading the bundle…' : 'Model bundle to import (.zip)'}
          testId="bundle-file"
          disabled={importing}
          onFile={(file) => void importBundle(file)}
        />
        {models.length >= 2 && <span className="muted">Tick two models to compare them.</span>}
      </div>
      {notice && (
        <p className="ok" role="status" data-testid="registry-notice">
          {notice}
        </p>
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
      {models.length === 0 ? (
        <p className="muted">No model yet: train one or import a bundle.</p>
      ) : (
        <div className="table-scroll tall">
          <table className="registry" data-testid="model-registry">
            <thead>
              <tr>
                <th scope="col" aria-label="Compare" />
                <th scope="col">Model</th>
                <th scope="col">Macro-F1</th>
                <th scope="col">Accuracy</th>
                <th scope="col">Size</th>
                <th scope="col">Trained</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => {
                const name = modelName(model);
                const isCurrent = model.id === currentModelId;
                return (
                  <tr
                    key={model.id}
                    data-model-id={model.id}
                    className={isCurrent ? 'selected' : ''}
                    aria-current={isCurrent ? 'true' : undefined}
                  >
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare ${name}`}
                        checked={compared.includes(model.id)}
                        onChange={(event) => toggleCompared(model.id, event.target.checked)}
                      />
                    </td>
                    <td>
                      {renaming?.id === model.id ? (
                        <input
                          aria-label={`New name for ${name}`}
                          value={renaming.name}
                          autoFocus
                          onChange={(event) =>
                            setRenaming({ id: model.id, name: event.target.value })
                          }
                          onKeyDown={(event) => renameKeys(event, model.id)}
                          onBlur={() => setRenaming(null)}
                        />
                      ) : (
                        <span className="model-name">{name}</span>
                      )}
                      {isCurrent && <span className="badge">in use</span>}
                      {model.partial && <span className="badge warn">stopped early</span>}
                      <div className="muted">
                        On “{model.datasetName}”
                        {!datasetIds.has(model.datasetId) && (
                          <span className="badge warn" title="The model classifies on its own">
                            not in this browser
                          </span>
                        )}
                        {' · '}
                        {model.backend} · {optionsSummary(model)}
                      </div>
                      <div className="actions">
                        <button
                          type="button"
                          disabled={isCurrent}
                          aria-label={`Use ${name}`}
                          onClick={() => onUse(model)}
                        >
                          Use
                        </button>
                        <button
                          type="button"
                          aria-label={`Rename ${name}`}
                          onClick={() => setRenaming({ id: model.id, name: model.name ?? name })}
                        >
                          Rename
                        </button>
                        <button
                          type="button"
                          aria-label={`Export ${name}`}
                          aria-expanded={exporting === model.id}
                          onClick={() => setExporting(exporting === model.id ? null : model.id)}
                        >
                          Export…
                        </button>
                        <button
                          type="button"
                          aria-label={`Delete ${name}`}
                          onClick={() => remove(model)}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                    <td>{decimal(model.evaluation.metrics.macroF1)}</td>
                    <td>{percent(model.evaluation.metrics.accuracy)}</td>
                    <td>{formatBytes(modelWeightBytes(model))}</td>
                    <td>
                      {new Date(model.createdAt).toLocaleString(undefined, {
                        dateStyle: 'short',
                        timeStyle: 'short',
                      })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {exported && (
        <BundleExport
          key={exported.id}
          model={exported}
          worker={worker}
          onClose={() => setExporting(null)}
        />
      )}
      {first && second && <ModelComparison a={first} b={second} />}
    </section>
  );
}

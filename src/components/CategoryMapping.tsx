import { useCallback, useEffect, useState } from 'react';
import { toCsv } from '@shared/csv-write.ts';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ClassifyApi } from '@shared/contracts/classify.ts';
import type { TaxonomyApi } from '@shared/contracts/taxonomy.ts';
import type { WorkerHandle } from '../bridge/workers.ts';
import type { TaxonomyInfo, TaxonomyLanguage } from '@shared/taxonomy/standard-taxonomy.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import { appDb } from '../app/db.ts';
import {
  listTaxonomies,
  loadTaxonomy,
  TAXONOMY_BASE_URL,
  type LoadedTaxonomy,
} from '../app/taxonomies.ts';
import {
  exportRows,
  mappingFromSuggestions,
  readMapping,
  saveMapping,
  type ExportPrediction,
} from '../app/category-mappings.ts';
import { TaxonomyPicker } from './TaxonomyPicker.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { StandardClassify } from './StandardClassify.tsx';
import { downloadBlob } from '../app/file-download.ts';
import { asFailure, type Failure } from '../app/failure.ts';

interface CategoryMappingProps {
  dataset: DatasetRecord | null;
  taxonomyWorker: () => WorkerHandle<TaxonomyApi>;
  classifyWorker: () => WorkerHandle<ClassifyApi>;
  modelReady: boolean;
}

const LANGUAGE_NAMES: Record<TaxonomyLanguage, string> = { en: 'English', 'zh-CN': '中文' };
const CLASSIFY_CHUNK = 500;

function download(text: string, fileName: string): void {
  downloadBlob(fileName, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

/**
 * Maps the dataset's own categories to a standard taxonomy: suggestions from names and
 * products, confirmed or edited by the owner, kept in IndexedDB, exported with standard ids.
 */
export function CategoryMapping({
  dataset,
  taxonomyWorker,
  classifyWorker,
  modelReady,
}: CategoryMappingProps) {
  const [taxonomies, setTaxonomies] = useState<TaxonomyInfo[]>([]);
  const [chosenId, setChosenId] = useState('');
  const [language, setLanguage] = useState<TaxonomyLanguage>('en');
  const [loaded, setLoaded] = useState<LoadedTaxonomy | null>(null);
  const [mapping, setMapping] = useState<CategoryMappingRecord | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<Failure | null>(null);

  const report = useCallback((caught: unknown) => {
    setStatus(null);
    setError(asFailure(caught));
  }, []);

  useEffect(() => {
    listTaxonomies().then(setTaxonomies, report);
  }, [report]);

  const info = taxonomies.find((t) => t.id === chosenId) ?? null;
  const datasetId = dataset?.id ?? null;

  useEffect(() => {
    if (!info || !datasetId) return;
    let current = true;
    const load = async () => {
      try {
        setStatus(`Loading ${info.name}…`);
        const taxonomy = await loadTaxonomy(info);
        const stored = await readMapping(await appDb(), datasetId, info.id);
        let record = stored;
        if (!record) {
          setStatus('Suggesting a standard category for each of yours…');
          const suggestions = await taxonomyWorker().api.suggestMappings({
            datasetId,
            taxonomyUrl: `${TAXONOMY_BASE_URL}${info.file}`,
          });
          record = mappingFromSuggestions(datasetId, taxonomy.taxonomy, suggestions);
          await saveMapping(await appDb(), record);
        }
        if (!current) return;
        setLoaded(taxonomy);
        setMapping(record);
        setStatus(null);
      } catch (caught) {
        if (current) report(caught);
      }
    };
    load().catch(report);
    return () => {
      current = false;
    };
  }, [info, datasetId, taxonomyWorker, report]);

  const update = (next: CategoryMappingRecord) => {
    setMapping(next);
    appDb()
      .then((db) => saveMapping(db, next))
      .catch(report);
  };

  const setEntry = (
    category: string,
    change: (
      entry: CategoryMappingRecord['entries'][number],
    ) => CategoryMappingRecord['entries'][number],
  ) => {
    if (!mapping) return;
    update({
      ...mapping,
      entries: mapping.entries.map((entry) =>
        entry.shopCategory === category ? change(entry) : entry,
      ),
    });
  };

  async function exportCsv() {
    if (!dataset || !mapping || !loaded) return;
    setError(null);
    try {
      const rows = await readDatasetRows(await appDb(), dataset.id);
      let predictions: (ExportPrediction | undefined)[] | null = null;
      if (modelReady) {
        predictions = [];
        for (let start = 0; start < rows.length; start += CLASSIFY_CHUNK) {
          setStatus(`Classifying ${start.toLocaleString()} of ${rows.length.toLocaleString()}…`);
          const ranked = await classifyWorker().api.classify(
            rows
              .slice(start, start + CLASSIFY_CHUNK)
              .map(({ title, description }) => ({ title, description })),
            1,
          );
          predictions.push(...ranked.map((top) => top[0]));
        }
      }
      const csv = toCsv(exportRows(rows, mapping, loaded.taxonomy, predictions));
      download(
        `${csv}\n`,
        `${dataset.name.replace(/[^\w.-]+/g, '-')}-${loaded.taxonomy.info.id}.csv`,
      );
      setStatus(
        `Exported ${rows.length.toLocaleString()} products with ${loaded.taxonomy.info.exportColumn}.`,
      );
    } catch (caught) {
      report(caught);
    }
  }

  if (!dataset) return null;
  const confirmed = mapping?.entries.filter((e) => e.source !== 'suggested').length ?? 0;
  return (
    <section className="card" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading">Standard categories</h2>
      <p className="muted">
        Map this catalogue’s categories to a standard taxonomy, then export products with the
        standard id (for example Google’s <code>google_product_category</code>).
      </p>
      <div className="mapping-controls">
        <label>
          Taxonomy{' '}
          <select
            aria-label="Standard taxonomy"
            value={chosenId}
            onChange={(event) => {
              setLoaded(null);
              setMapping(null);
              setError(null);
              setChosenId(event.target.value);
            }}
          >
            <option value="">Choose…</option>
            {taxonomies.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.version}, {t.nodeCount.toLocaleString('en-US')} categories)
              </option>
            ))}
          </select>
        </label>
        {info && info.languages.length > 1 && (
          <label>
            Names in{' '}
            <select
              aria-label="Names in"
              value={language}
              onChange={(event) => setLanguage(event.target.value as TaxonomyLanguage)}
            >
              {info.languages.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {info && (
        <p className="muted small">
          {info.attribution}. Licence: {info.licence}.
        </p>
      )}
      {status && (
        <p role="status" className="muted">
          {status}
        </p>
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
      {mapping && loaded && (
        <>
          {/* Not a scrolling box: it would clip the pickers' lists. */}
          <div className="mapping-table-wrap">
            <table className="category-mapping" data-testid="mapping-table">
              <thead>
                <tr>
                  <th scope="col">Your category</th>
                  <th scope="col">Products</th>
                  <th scope="col">Standard category</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {mapping.entries.map((entry) => {
                  const node =
                    entry.nodeId === null
                      ? null
                      : (loaded.taxonomy.tree.byId.get(entry.nodeId) ?? null);
                  return (
                    <tr key={entry.shopCategory} data-category={entry.shopCategory}>
                      <td>{entry.shopCategory}</td>
                      <td>{dataset.classCounts[entry.shopCategory] ?? 0}</td>
                      <td>
                        <TaxonomyPicker
                          loaded={loaded}
                          language={language}
                          value={node}
                          label={`Standard category for ${entry.shopCategory}`}
                          onChange={(picked) =>
                            setEntry(entry.shopCategory, () => ({
                              shopCategory: entry.shopCategory,
                              nodeId: loaded.taxonomy.tree.nodes[picked]?.id ?? null,
                              score: null,
                              source: 'edited',
                            }))
                          }
                        />
                      </td>
                      <td>
                        {entry.source === 'suggested' ? (
                          <button
                            type="button"
                            disabled={entry.nodeId === null}
                            aria-label={`Confirm the suggestion for ${entry.shopCategory}`}
                            onClick={() =>
                              setEntry(entry.shopCategory, (e) => ({ ...e, source: 'confirmed' }))
                            }
                          >
                            Confirm{entry.score !== null ? ` (${entry.score.toFixed(2)})` : ''}
                          </button>
                        ) : (
                          <span className="badge">{entry.source}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="mapping-actions">
            <button
              type="button"
              onClick={() =>
                update({
                  ...mapping,
                  entries: mapping.entries.map((e) =>
                    e.source === 'suggested' && e.nodeId !== null
                      ? { ...e, source: 'confirmed' }
                      : e,
                  ),
                })
              }
            >
              Confirm all suggestions
            </button>{' '}
            <button type="button" className="primary" onClick={() => exportCsv().catch(report)}>
              Export CSV with standard ids
            </button>{' '}
            <span className="muted" data-testid="mapping-confirmed">
              {confirmed} of {mapping.entries.length} confirmed or edited
            </span>
            {!modelReady && (
              <span className="muted">
                {' '}
                No trained model: the export uses each product’s own category.
              </span>
            )}
          </p>
          {info && (
            <StandardClassify
              loaded={loaded}
              taxonomyUrl={`${TAXONOMY_BASE_URL}${info.file}`}
              language={language}
              mapping={mapping}
              taxonomyWorker={taxonomyWorker}
              classifyWorker={classifyWorker}
              modelReady={modelReady}
            />
          )}
        </>
      )}
    </section>
  );
}

import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { TaxonomyInfo, TaxonomyLanguage } from '@shared/taxonomy/standard-taxonomy.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { appDb } from '../../common/db.ts';
import { asFailure, type Failure } from '../../common/failure.ts';
import { count, decimal } from '../../common/format.ts';
import { currentLanguage } from '../../i18n/i18n.ts';
import { Data } from '../../i18n/rich.tsx';
import {
  listTaxonomies,
  loadTaxonomy,
  TAXONOMY_BASE_URL,
  type LoadedTaxonomy,
} from './taxonomies.ts';
import {
  acceptSuggestionsAbove,
  isConfirmed,
  mappingFromSuggestions,
  readMapping,
  saveMapping,
  suggestionsAbove,
} from './category-mappings.ts';
import { TaxonomyPicker } from './TaxonomyPicker.tsx';
import { taxonomyName } from './taxonomy-name.ts';
import { StandardClassify } from './StandardClassify.tsx';

const LANGUAGE_NAMES: Record<TaxonomyLanguage, string> = { en: 'English', 'zh-CN': '中文' };
/** Where bulk acceptance starts: below it the demo's suggestions are mostly wrong. */
const DEFAULT_MIN_SCORE = 0.5;

/**
 * Maps the catalogue's own categories to a standard taxonomy: suggestions from names and
 * products, confirmed or edited by the owner, kept in IndexedDB. Only what the owner
 * confirmed is exported.
 */
export function CategoryMapping({ dataset }: { dataset: DatasetRecord }) {
  const { t } = useTranslation();
  const taxonomyWorker = useWorker('taxonomy');
  const { route, setTaxonomy } = useWorkspace();
  const minScoreId = useId();
  const [taxonomies, setTaxonomies] = useState<TaxonomyInfo[]>([]);
  const [language, setLanguage] = useState<TaxonomyLanguage>(currentLanguage());
  const [loaded, setLoaded] = useState<LoadedTaxonomy | null>(null);
  const [mapping, setMapping] = useState<CategoryMappingRecord | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [minScore, setMinScore] = useState(DEFAULT_MIN_SCORE);

  const report = useCallback((caught: unknown) => {
    setStatus(null);
    setError(asFailure(caught));
  }, []);

  useEffect(() => {
    listTaxonomies().then(setTaxonomies, report);
  }, [report]);

  const info = taxonomies.find((item) => item.id === route.taxonomy) ?? null;
  const datasetId = dataset.id;

  useEffect(() => {
    if (!info) return;
    let current = true;
    const load = async () => {
      try {
        setStatus(t('taxonomy.loading'));
        const taxonomy = await loadTaxonomy(info);
        let record = await readMapping(await appDb(), datasetId, info.id);
        if (!record) {
          setStatus(t('taxonomy.suggesting'));
          const suggestions = await taxonomyWorker.get().api.suggestMappings({
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
  }, [info, datasetId, taxonomyWorker, report, t]);

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

  const nameLanguage = info?.languages.includes(language) ? language : 'en';
  const confirmed = mapping?.entries.filter(isConfirmed).length ?? 0;
  const acceptable = mapping ? suggestionsAbove(mapping, minScore) : 0;
  return (
    <section className="card" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading">{t('taxonomy.mapping.heading')}</h2>
      <div className="mapping-controls">
        <label className="field">
          <span>{t('taxonomy.choose')}</span>
          <select
            aria-label={t('taxonomy.chooseLabel')}
            data-testid="taxonomy-choice"
            value={info?.id ?? ''}
            onChange={(event) => {
              setLoaded(null);
              setMapping(null);
              setError(null);
              setTaxonomy(event.target.value || null);
            }}
          >
            <option value="">{t('taxonomy.chooseNone')}</option>
            {taxonomies.map((item) => (
              <option key={item.id} value={item.id}>
                {t('taxonomy.option', {
                  name: taxonomyName(item, t),
                  nodes: count(item.nodeCount),
                })}
              </option>
            ))}
          </select>
        </label>
        {info && info.languages.length > 1 && (
          <label className="field">
            <span>{t('taxonomy.namesIn')}</span>
            <select
              aria-label={t('taxonomy.namesIn')}
              value={nameLanguage}
              onChange={(event) => setLanguage(event.target.value as TaxonomyLanguage)}
            >
              {info.languages.map((l) => (
                <option key={l} value={l} lang={l} translate="no">
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {info && (
        <p className="muted small" translate="no">
          {info.attribution} · {info.version} · {info.licence}
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
          <p data-testid="mapping-confirmed">
            {t('taxonomy.confirmedCount', {
              confirmed: count(confirmed),
              total: count(mapping.entries.length),
            })}
          </p>
          {confirmed < mapping.entries.length && (
            <Banner kind="info" title={t('taxonomy.onlyConfirmed')} />
          )}
          <div className="bulk-accept">
            <label htmlFor={minScoreId}>{t('taxonomy.bulk.label')}</label>
            <input
              id={minScoreId}
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={minScore}
              onChange={(event) => setMinScore(Number(event.target.value))}
            />
            <button
              type="button"
              disabled={acceptable === 0}
              onClick={() => update(acceptSuggestionsAbove(mapping, minScore))}
            >
              {t('taxonomy.bulk.button', { count: acceptable, n: count(acceptable) })}
            </button>
            <span className="muted">{t('taxonomy.bulk.help')}</span>
          </div>
          <ul className="category-mapping" data-testid="mapping-table">
            {mapping.entries.map((entry) => {
              const node =
                entry.nodeId === null
                  ? null
                  : (loaded.taxonomy.tree.byId.get(entry.nodeId) ?? null);
              return (
                <li key={entry.shopCategory} data-category={entry.shopCategory}>
                  <div className="mapping-shop">
                    <Data className="strong">{entry.shopCategory}</Data>{' '}
                    <span className="muted">
                      {t('taxonomy.products', {
                        count: dataset.classCounts[entry.shopCategory] ?? 0,
                        n: count(dataset.classCounts[entry.shopCategory] ?? 0),
                      })}
                    </span>
                  </div>
                  <TaxonomyPicker
                    loaded={loaded}
                    language={nameLanguage}
                    value={node}
                    label={t('taxonomy.pickerLabel', { category: entry.shopCategory })}
                    onChange={(picked) =>
                      setEntry(entry.shopCategory, () => ({
                        shopCategory: entry.shopCategory,
                        nodeId: loaded.taxonomy.tree.nodes[picked]?.id ?? null,
                        score: null,
                        source: 'edited',
                      }))
                    }
                  />
                  <div className="mapping-status">
                    {entry.source === 'suggested' ? (
                      <>
                        <span className="badge warn">
                          {entry.score === null
                            ? t('taxonomy.status.noSuggestion')
                            : t('taxonomy.status.suggested', { score: decimal(entry.score, 2) })}
                        </span>
                        <button
                          type="button"
                          disabled={entry.nodeId === null}
                          aria-label={t('taxonomy.confirmLabel', {
                            category: entry.shopCategory,
                          })}
                          onClick={() =>
                            setEntry(entry.shopCategory, (e) => ({ ...e, source: 'confirmed' }))
                          }
                        >
                          {t('taxonomy.confirm')}
                        </button>
                      </>
                    ) : (
                      <span className="badge ok-badge">{t(`taxonomy.status.${entry.source}`)}</span>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {info && (
            <StandardClassify
              loaded={loaded}
              taxonomyUrl={`${TAXONOMY_BASE_URL}${info.file}`}
              language={nameLanguage}
              mapping={mapping}
            />
          )}
        </>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { ClassifyApi } from '@shared/contracts/classify.ts';
import type { StandardPrediction, TaxonomyApi } from '@shared/contracts/taxonomy.ts';
import type { WorkerHandle } from '../../bridge/workers.ts';
import type { LoadedTaxonomy } from './taxonomies.ts';
import { localisedPath, type TaxonomyLanguage } from '@shared/taxonomy/standard-taxonomy.ts';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure, type Failure } from '../../common/failure.ts';

interface StandardClassifyProps {
  loaded: LoadedTaxonomy;
  taxonomyUrl: string;
  language: TaxonomyLanguage;
  mapping: CategoryMappingRecord;
  taxonomyWorker: () => WorkerHandle<TaxonomyApi>;
  classifyWorker: () => WorkerHandle<ClassifyApi>;
  modelReady: boolean;
}

/**
 * Share of the name prior in the mix: the weight scripts/cold-start.ts fitted most often
 * (0.3–0.5 on flipkart-full and myntra), so nodes without examples still get a say.
 */
const PRIOR_WEIGHT = 0.5;
const SOURCE_TEXT: Record<StandardPrediction['source'], string> = {
  model: 'from your model',
  names: 'from the category names',
  both: 'model and names agree',
};

/** Classifies one product straight into the standard taxonomy, including nodes with no examples. */
export function StandardClassify({
  loaded,
  taxonomyUrl,
  language,
  mapping,
  taxonomyWorker,
  classifyWorker,
  modelReady,
}: StandardClassifyProps) {
  const [title, setTitle] = useState('');
  const [ranked, setRanked] = useState<StandardPrediction[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const report = (caught: unknown) => setError(asFailure(caught));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const products = [{ title }];
      const modelPredictions = modelReady
        ? await classifyWorker().api.classify(products, 10)
        : null;
      const [result] = await taxonomyWorker().api.classifyIntoTaxonomy({
        taxonomyUrl,
        products,
        modelPredictions,
        mapping: mapping.entries,
        priorWeight: PRIOR_WEIGHT,
        k: 3,
      });
      setRanked(result ?? []);
    } catch (caught) {
      setError(asFailure(caught));
    }
  }

  return (
    <form className="standard-classify" onSubmit={(event) => submit(event).catch(report)}>
      <label>
        Classify a product into {loaded.taxonomy.info.name}{' '}
        <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>{' '}
      <button type="submit" disabled={!title.trim()}>
        Classify
      </button>
      {ranked && (
        <ol data-testid="standard-predictions">
          {ranked.map((prediction) => {
            const node = loaded.taxonomy.tree.byId.get(prediction.nodeId) ?? -1;
            return (
              <li key={prediction.nodeId}>
                <span className="label">
                  {localisedPath(loaded.taxonomy, node, language).join(' › ')}
                </span>{' '}
                <span className="muted">
                  {(prediction.probability * 100).toFixed(1)}%, {SOURCE_TEXT[prediction.source]}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { StandardPrediction } from '@shared/contracts/taxonomy.ts';
import { localisedPath, type TaxonomyLanguage } from '@shared/taxonomy/standard-taxonomy.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure, type Failure } from '../../common/failure.ts';
import { percent } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';
import type { LoadedTaxonomy } from './taxonomies.ts';
import { taxonomyName } from './taxonomy-name.ts';

interface StandardClassifyProps {
  loaded: LoadedTaxonomy;
  taxonomyUrl: string;
  language: TaxonomyLanguage;
  mapping: CategoryMappingRecord;
}

/**
 * Share of the name prior in the mix: the weight scripts/cold-start.ts fitted most often
 * (0.3–0.5 on flipkart-full and myntra), so nodes without examples still get a say.
 */
const PRIOR_WEIGHT = 0.5;

/** Classifies one product straight into the standard taxonomy, including nodes with no examples. */
export function StandardClassify({
  loaded,
  taxonomyUrl,
  language,
  mapping,
}: StandardClassifyProps) {
  const { t } = useTranslation();
  const taxonomyWorker = useWorker('taxonomy');
  const classifyWorker = useWorker('classify');
  const { modelReady } = useWorkspace();
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
        ? await classifyWorker.get().api.classify(products, 10)
        : null;
      const [result] = await taxonomyWorker.get().api.classifyIntoTaxonomy({
        taxonomyUrl,
        products,
        modelPredictions,
        mapping: mapping.entries,
        priorWeight: PRIOR_WEIGHT,
        k: 3,
      });
      setRanked(result ?? []);
    } catch (caught) {
      report(caught);
    }
  }

  return (
    <form className="standard-classify" onSubmit={(event) => submit(event).catch(report)}>
      <h3>{t('taxonomy.classify.heading')}</h3>
      <label className="field">
        <span>
          {t('taxonomy.classify.label', { taxonomy: taxonomyName(loaded.taxonomy.info, t) })}
        </span>
        <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <button type="submit" disabled={!title.trim()}>
        {t('tryProduct.classify')}
      </button>
      {ranked && (
        <ol data-testid="standard-predictions">
          {ranked.map((prediction) => {
            const node = loaded.taxonomy.tree.byId.get(prediction.nodeId) ?? -1;
            return (
              <li key={prediction.nodeId}>
                <Data className="label">
                  {localisedPath(loaded.taxonomy, node, language).join(' › ')}
                </Data>{' '}
                <span className="muted">
                  {percent(prediction.probability)},{' '}
                  {t(`taxonomy.classify.source.${prediction.source}`)}
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

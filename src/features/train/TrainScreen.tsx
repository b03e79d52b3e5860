import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { EmptyState } from '../../common/components/EmptyState.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { count, percent } from '../../common/format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import {
  isBlocking,
  MIN_PRODUCTS,
  SMALL_CATEGORY,
  trainingReadiness,
  type Readiness,
} from './readiness.ts';
import { TrainPanel } from './TrainPanel.tsx';
import { useTextStats } from './use-text-stats.ts';

/** Step 2: a model learns the catalogue's categories from its products' text. */
export function TrainScreen() {
  const { t } = useTranslation();
  const { dataset } = useWorkspace();
  const text = useTextStats(dataset?.id ?? null);
  if (!dataset)
    return (
      <ScreenFrame screen="train">
        <EmptyState title={t('train.empty.title')} go="import">
          <p>{t('train.empty.body')}</p>
        </EmptyState>
      </ScreenFrame>
    );
  const readiness = trainingReadiness(dataset, text);
  const blocked = readiness.some(isBlocking);
  const categories = Object.keys(dataset.classCounts).length;
  return (
    <ScreenFrame
      screen="train"
      lead={rich(
        t('train.lead', {
          name: slot('name'),
          products: count(dataset.rowCount),
          count: categories,
          categories: count(categories),
        }),
        { name: <Data>{dataset.name}</Data> },
      )}
      about={
        <>
          <p>{t('train.about.learns')}</p>
          <p>{t('train.about.heldOut')}</p>
          <p>{t('train.about.private')}</p>
        </>
      }
    >
      {readiness.map((item) => (
        <ReadinessBanner key={item.kind} item={item} />
      ))}
      <TrainPanel key={dataset.id} dataset={dataset} blocked={blocked} />
    </ScreenFrame>
  );
}

function ReadinessBanner({ item }: { item: Readiness }) {
  const { t } = useTranslation();
  switch (item.kind) {
    case 'tooFewProducts':
      return (
        <Banner
          kind="error"
          testId="readiness-too-few"
          title={t('train.ready.tooFew', {
            count: item.products,
            n: count(item.products),
            min: count(MIN_PRODUCTS),
          })}
        >
          <p>{t('train.ready.tooFewHelp')}</p>
        </Banner>
      );
    case 'oneCategory':
      return (
        <Banner kind="error" testId="readiness-one-category" title={t('train.ready.oneCategory')}>
          <p>{t('train.ready.oneCategoryHelp')}</p>
        </Banner>
      );
    case 'noText':
      return (
        <Banner kind="error" testId="readiness-no-text" title={t('train.ready.noText')}>
          <p>{t('train.ready.noTextHelp')}</p>
        </Banner>
      );
    case 'emptyTitles':
      return (
        <Banner
          kind="warning"
          testId="readiness-empty-titles"
          title={t('train.ready.emptyTitles', {
            products: count(item.products),
            share: percent(item.share, 0),
          })}
        >
          <p>{t('train.ready.emptyTitlesHelp')}</p>
        </Banner>
      );
    case 'smallCategories':
      return (
        <Banner
          kind="warning"
          testId="readiness-small-categories"
          title={t('train.ready.small', {
            count: item.categories.length,
            n: count(item.categories.length),
            min: count(SMALL_CATEGORY),
          })}
        >
          <p>
            {rich(t('train.ready.smallList', { list: slot('list') }), {
              list: <Data>{item.categories.slice(0, 8).join(', ')}</Data>,
            })}
          </p>
        </Banner>
      );
  }
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetFootprint } from '../storage-usage.ts';
import { count } from '../format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';

/** "“Demo” (3,000 rows, 2 models, 120 photos)", in the interface's language. */
export function useDescribeFootprint(): (footprint: DatasetFootprint) => ReactNode {
  const { t } = useTranslation();
  return (d) => {
    const parts = [t('storage.rows', { count: d.rows, n: count(d.rows) })];
    if (d.models > 0) parts.push(t('storage.models', { count: d.models, n: count(d.models) }));
    if (d.photos > 0) parts.push(t('storage.photos', { count: d.photos, n: count(d.photos) }));
    return rich(
      t('storage.footprint', { name: slot('name'), parts: parts.join(t('common.listSeparator')) }),
      { name: <Data>{d.name}</Data> },
    );
  };
}

/** Several footprints in a sentence, separated as the language separates a list. */
export function joinNodes(nodes: ReactNode[], separator: string): ReactNode[] {
  return nodes.flatMap((node, i) => (i === 0 ? [node] : [separator, node]));
}

import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import { useRowChunks } from './use-row-chunks.ts';
import { count } from '../../common/format.ts';

const ROW_PX = 28;

interface DatasetRowsProps {
  dataset: DatasetRecord;
}

/**
 * The rows of a dataset as a scrolling table that renders only what is on screen and reads
 * only those rows' chunks from IndexedDB, so a million-row catalogue scrolls like a small one.
 * Focus it and use the arrow keys, Page Up / Page Down, Home and End; or jump to a row.
 */
export function DatasetRows({ dataset }: DatasetRowsProps) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [jump, setJump] = useState('');
  const total = dataset.rowCount;
  // The library's functions are not memoisable by the React compiler, which then skips this
  // component: rendering only what is on screen keeps it cheap anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const { rowAt, error } = useRowChunks(dataset.id, items[0]?.index ?? 0, items.at(-1)?.index ?? 0);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Home') virtualizer.scrollToIndex(0);
    else if (event.key === 'End') virtualizer.scrollToIndex(total - 1, { align: 'end' });
    else return;
    event.preventDefault();
  }

  function goTo(value: string) {
    const position = Number.parseInt(value.replace(/[,\s]/g, ''), 10);
    if (Number.isFinite(position) && total > 0)
      virtualizer.scrollToIndex(Math.min(total, Math.max(1, position)) - 1, { align: 'start' });
  }

  return (
    <div className="dataset-rows-view">
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          goTo(jump);
        }}
      >
        <label className="inline">
          {t('rows.goTo')}{' '}
          <input
            inputMode="numeric"
            size={9}
            value={jump}
            onChange={(event) => setJump(event.target.value)}
          />
        </label>
        <button type="submit">{t('rows.go')}</button>
        <span className="muted">{t('rows.count', { count: total, n: count(total) })}</span>
      </form>
      <div className="dataset-rows-header" aria-hidden="true">
        <span>#</span>
        <span>{t('rows.line')}</span>
        <span>{t('rows.id')}</span>
        <span>{t('rows.title')}</span>
        <span>{t('rows.category')}</span>
      </div>
      <div
        ref={scroller}
        className="dataset-rows"
        role="table"
        aria-label={t('rows.label', { name: dataset.name })}
        aria-rowcount={total}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="dataset-rows-table"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 1}
                className="dataset-row"
                translate="no"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_PX }}
              >
                <span role="cell">{count(item.index + 1)}</span>
                <span role="cell">{row?.line ?? ''}</span>
                <span role="cell">{row?.id ?? ''}</span>
                <span role="cell" title={row?.title}>
                  {row ? row.title : '…'}
                </span>
                <span role="cell" title={row?.category}>
                  {row ? row.category || t('rows.unlabelled') : ''}
                  {row?.details?.status && row.details.status !== 'active'
                    ? ` · ${row.details.status}`
                    : ''}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {error && <p className="error">{error}</p>}
    </div>
  );
}

import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ImportProblem } from '@shared/db/records/catalogue.ts';
import { problemText } from '../../i18n/messages.ts';

const ROW_HEIGHT = 28;

/** Every problem of an import, virtualised: a broken file can report thousands. */
export function ProblemList({ problems }: { problems: ImportProblem[] }) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualiser is meant to re-render this list on scroll; memoising it would freeze it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: problems.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const skipped = problems.filter((problem) => problem.skipped).length;
  return (
    <div className="problems">
      <h3>{t('problems.heading', { count: problems.length })}</h3>
      <p className="muted">{t('problems.legend', { count: skipped })}</p>
      <div
        ref={scroller}
        className="problem-scroll"
        tabIndex={0}
        aria-label={t('problems.listLabel')}
        role="list"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const problem = problems[item.index] as ImportProblem;
            const text = problemText(problem, t);
            return (
              <div
                key={item.key}
                role="listitem"
                className={problem.skipped ? 'problem skipped' : 'problem'}
                title={text}
                style={{
                  position: 'absolute',
                  top: 0,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                  width: '100%',
                }}
              >
                {text}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

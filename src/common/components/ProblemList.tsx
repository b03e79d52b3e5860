import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ImportProblem } from '@shared/db/records/catalogue.ts';

const ROW_HEIGHT = 28;

/** Every problem of an import, virtualised: a broken file can report thousands. */
export function ProblemList({ problems }: { problems: ImportProblem[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualiser is meant to re-render this list on scroll; memoising it would freeze it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: problems.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <div className="problems">
      <h3>
        {problems.length} {problems.length === 1 ? 'problem' : 'problems'} found
      </h3>
      <div
        ref={scroller}
        className="problem-scroll"
        tabIndex={0}
        aria-label="Import problems"
        role="list"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const problem = problems[item.index] as ImportProblem;
            return (
              <div
                key={item.key}
                role="listitem"
                className={problem.skipped ? 'problem skipped' : 'problem'}
                style={{
                  position: 'absolute',
                  top: 0,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                  width: '100%',
                }}
              >
                {problem.message}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

import type { ReactNode } from 'react';

interface ExpertProps {
  summary: ReactNode;
  children: ReactNode;
  testId?: string;
  open?: boolean;
}

/** Figures and settings for those who want them, one click (or Enter) away. */
export function Expert({ summary, children, testId, open }: ExpertProps) {
  return (
    <details className="expert" data-testid={testId} open={open}>
      <summary>{summary}</summary>
      <div className="expert-body">{children}</div>
    </details>
  );
}

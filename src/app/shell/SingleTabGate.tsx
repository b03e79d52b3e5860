import type { ReactNode } from 'react';
import { useTabOwnership } from '../single-tab.ts';

interface SingleTabGateProps {
  databaseName: string;
  children: ReactNode;
}

/** Mounts the app only in the tab that holds the database; other tabs explain and offer to switch. */
export function SingleTabGate({ databaseName, children }: SingleTabGateProps) {
  const { role, takeOver } = useTabOwnership(databaseName);
  if (role === 'owner' || role === 'unsupported') return children;
  if (role === 'checking') return null;
  const takenOver = role === 'taken-over';
  return (
    <div className="app">
      <section className="card tab-gate" role="alert" data-testid="tab-gate">
        <h1>Shelfwise</h1>
        {takenOver ? (
          <p>
            <strong>Shelfwise was opened in another tab, which now works on your data.</strong> This
            tab stopped so that the two cannot overwrite each other’s datasets and models. A run cut
            short here can be resumed from its last checkpoint.
          </p>
        ) : (
          <p>
            <strong>Shelfwise is already open in another tab.</strong> Only one tab works on your
            datasets and models at a time, so that the two cannot overwrite each other’s work.
          </p>
        )}
        <button type="button" className="primary" onClick={takeOver}>
          {takenOver ? 'Use Shelfwise here again' : 'Use Shelfwise in this tab instead'}
        </button>
        <p className="muted">The other tab then stops, keeping everything it has saved.</p>
      </section>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { ConfirmProvider } from '../common/components/ConfirmDialog.tsx';
import { loadDemo } from '../features/import/demo.ts';
import { BackendChoiceProvider } from './backend-context.tsx';
import type { KioskOptions } from './kiosk.ts';
import { Shell } from './shell/Shell.tsx';
import { TestApiBridge } from './TestApiBridge.tsx';
import { useWorkerPool, WorkersProvider } from './workers-context.tsx';
import { useWorkspace, WorkspaceProvider } from './workspace-context.tsx';

interface AppProps {
  /** A demo station: throwaway storage, the demo preloaded, a reset after idle time. */
  kiosk: KioskOptions | null;
}

/** Workers, backend and workspace reach every screen through context; the shell draws them. */
export function App({ kiosk }: AppProps) {
  return (
    <WorkersProvider>
      <BackendChoiceProvider>
        <WorkspaceProvider>
          <ConfirmProvider>
            <TestApiBridge />
            <KioskApp kiosk={kiosk} />
          </ConfirmProvider>
        </WorkspaceProvider>
      </BackendChoiceProvider>
    </WorkersProvider>
  );
}

/** A kiosk starts with the demo loaded; anything else starts as the owner left it. */
function KioskApp({ kiosk }: AppProps) {
  const pool = useWorkerPool();
  const { refresh, selectDataset, report } = useWorkspace();
  const [kioskReady, setKioskReady] = useState(false);
  const preloaded = useRef(false);
  useEffect(() => {
    if (!kiosk || preloaded.current) return;
    preloaded.current = true;
    loadDemo(pool.get('import'))
      .then(async (dataset) => {
        await refresh();
        selectDataset(dataset.id);
        setKioskReady(true);
      })
      .catch(report);
  }, [kiosk, pool, refresh, selectDataset, report]);
  return <Shell kiosk={kiosk} kioskReady={kioskReady} />;
}

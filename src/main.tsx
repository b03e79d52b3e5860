import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/i18n.ts';
import { App } from './app/App.tsx';
import { databaseName, kiosk } from './app/kiosk.ts';
import { registerServiceWorker } from './app/offline.ts';
import { watchPageRequests } from './app/request-log.ts';
import { SingleTabGate } from './app/shell/SingleTabGate.tsx';
import './app/styles.css';

watchPageRequests();
registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <SingleTabGate databaseName={databaseName}>
      <App kiosk={kiosk} />
    </SingleTabGate>
  </StrictMode>,
);

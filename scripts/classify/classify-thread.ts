/**
 * A worker thread of `npm run classify`: loads the bundle on the parent's backend, then
 * classifies each chunk of rows it is sent with the classify worker's own code and sends back
 * their top 3 (see ClassifyThreads).
 */
import { parentPort } from 'node:worker_threads';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { useNodeBackend } from '../bench/run-node.ts';
import { readBundleClassifier } from './read-bundle.ts';
import { CatalogueTop } from '../../workers/classify/catalogue-top.ts';
import type { LoadedClassifier } from '../../workers/classify/classify.ts';
import type { ThreadReply, ThreadRequest } from './thread-messages.ts';

let classifier: LoadedClassifier | null = null;

async function load(bundle: string, backend: BackendName): Promise<void> {
  await useNodeBackend(backend);
  classifier = (await readBundleClassifier(bundle)).classifier;
}

const port = parentPort;
if (!port) throw new Error('classify-thread.ts runs as a worker thread of npm run classify');
port.on('message', (request: ThreadRequest) => {
  const reply = (message: ThreadReply, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  const failed = (error: unknown) =>
    reply({
      kind: 'failed',
      id: request.kind === 'chunk' ? request.id : -1,
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    });
  if (request.kind === 'load') {
    load(request.bundle, request.backend).then(() => reply({ kind: 'ready' }), failed);
    return;
  }
  const top = new CatalogueTop(request.rows.length);
  top
    .classify(
      classifier as LoadedClassifier,
      request.rows.map((row, position) => ({ position, row })),
    )
    .then(() => {
      const { topClasses, topProbabilities } = top;
      reply({ kind: 'done', id: request.id, topClasses, topProbabilities }, [
        topClasses.buffer as ArrayBuffer,
        topProbabilities.buffer as ArrayBuffer,
      ]);
    }, failed);
});

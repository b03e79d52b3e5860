import type { BackendName } from '@shared/contracts/jobs.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';

/** What `npm run classify` sends its worker threads. */
export type ThreadRequest =
  | { kind: 'load'; bundle: string; backend: BackendName }
  | { kind: 'chunk'; id: number; rows: StoredRow[] };

/** What they answer: ready once loaded, then each chunk's top 3 (or why it failed). */
export type ThreadReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; topClasses: Int32Array; topProbabilities: Float32Array }
  | { kind: 'failed'; id: number; name: string; message: string };

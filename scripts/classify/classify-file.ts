import * as tf from '@tensorflow/tfjs';
import { createWriteStream, openAsBlob, type WriteStream } from 'node:fs';
import { DEFAULT_AUTO_LABEL_THRESHOLD } from '@shared/db/evaluation-store.ts';
import { predictionExportRows } from '@shared/review/export-rows.ts';
import { csvPiece } from '@shared/csv-write.ts';
import { parseCatalogue, previewCatalogue } from '../../workers/import/parse-catalogue.ts';
import type { RowProblem } from '../../workers/import/row-checks.ts';
import { readBundleClassifier } from './read-bundle.ts';
import { CatalogueTop } from '../../workers/classify/catalogue-top.ts';
import { releaseClassifier } from '../../workers/classify/classify.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { ClassifyThreads, type ChunkTop } from './classify-threads.ts';

export interface ClassifyFileRequest {
  bundle: string;
  input: string;
  output: string;
  /** Rows classified together (one stored chunk in the app). */
  chunkRows?: number;
  /**
   * Worker threads that classify chunks beside the main thread, each loading the bundle on
   * the current backend (0: the main thread alone). The file written is the same either way.
   */
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ClassifyFileProgress) => void;
}

export interface ClassifyFileProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
}

export interface ClassifyFileResult {
  rows: number;
  seconds: number;
  /** Rows the parser could not use, each with its line and reason (at most 10,000 kept). */
  problems: RowProblem[];
  skippedRows: number;
  modelId: string;
  /** Chunks the worker threads classified (the others, the main thread). */
  threadChunks: number;
}

function write(stream: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    stream.once('error', onError);
    const flushed = stream.write(text, () => stream.off('error', onError));
    if (flushed) resolve();
    else stream.once('drain', () => resolve());
  });
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/**
 * Classifies a catalogue file with an exported model bundle, outside the browser: the file is
 * parsed as the app imports it (CSV or TSV, any encoding it accepts), a chunk of rows at a
 * time, each chunk is classified by the classify worker's own code (`CatalogueTop`, TF.js on
 * the current backend), here or in a worker thread, and written in file order as the app's
 * predictions export writes it.
 * Memory stays flat however long the file; a category column is optional.
 * @throws InvalidInput for a damaged bundle or a file without a title column
 */
export async function classifyFile(request: ClassifyFileRequest): Promise<ClassifyFileResult> {
  const started = performance.now();
  const { record, classifier } = await readBundleClassifier(request.bundle);
  const threshold = record.autoLabelThreshold ?? DEFAULT_AUTO_LABEL_THRESHOLD;
  const file = await openAsBlob(request.input);
  const { mapping } = await previewCatalogue(file);
  const output = createWriteStream(request.output);
  const threads = request.threads
    ? new ClassifyThreads(request.threads, request.bundle, tf.getBackend() as BackendName)
    : null;
  // Chunks being classified, in file order: each is written once it and those before it are.
  const inFlight: { chunk: StoredRow[]; top: Promise<ChunkTop> }[] = [];
  let rows = 0;
  let bytes = 0;
  let threadChunks = 0;
  const writeOldest = async () => {
    const { chunk, top } = inFlight.shift() as (typeof inFlight)[number];
    const lines = predictionExportRows(
      chunk,
      chunk.map((row) => row.category),
      await top,
      record.labels,
      threshold,
    );
    await write(output, csvPiece(lines, rows === 0));
    rows += chunk.length;
  };
  try {
    const parsed = await parseCatalogue(
      request.signal,
      { file, mapping, chunkRows: request.chunkRows },
      (progress) => {
        bytes = progress.bytes;
        request.onProgress?.({
          rows,
          bytes,
          totalBytes: file.size,
          elapsedMs: performance.now() - started,
        });
      },
      async (chunk) => {
        // At most one chunk per thread waits, besides the one this thread classifies.
        while (inFlight.length > (threads?.count ?? 0)) await writeOldest();
        const elsewhere = threads?.tryClassify(chunk);
        if (elsewhere) {
          // Marked as handled here; writeOldest awaits it and reports its failure.
          elsewhere.catch(() => undefined);
          inFlight.push({ chunk, top: elsewhere });
          threadChunks++;
          return;
        }
        const top = new CatalogueTop(chunk.length);
        await top.classify(
          classifier,
          chunk.map((row, position) => ({ position, row })),
        );
        inFlight.push({ chunk, top: Promise.resolve(top) });
      },
    );
    while (inFlight.length > 0) await writeOldest();
    return {
      rows,
      seconds: (performance.now() - started) / 1000,
      problems: parsed.problems,
      skippedRows: parsed.skippedRows,
      modelId: record.id,
      threadChunks,
    };
  } finally {
    releaseClassifier(classifier);
    await threads?.stop();
    await close(output);
  }
}

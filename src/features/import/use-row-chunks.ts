import { useEffect, useState } from 'react';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { readChunkSize, readRowChunk } from '@shared/db/catalogue-store.ts';
import { appDb } from '../../common/db.ts';

/** Chunks kept in memory: a screenful needs one or two; scrolling back should not reread. */
const CACHED_CHUNKS = 24;

interface LoadedChunks {
  datasetId: string;
  chunkSize: number;
  /** Chunk number → its rows, oldest first. */
  chunks: ReadonlyMap<number, StoredRow[]>;
}

/**
 * Rows of a stored dataset, read from IndexedDB one chunk at a time: only the chunks holding
 * positions `first`..`last` (what is on screen) are read, and only the latest few are kept.
 * `rowAt` is undefined for a row whose chunk has not arrived yet.
 */
export function useRowChunks(datasetId: string, first: number, last: number) {
  const [loaded, setLoaded] = useState<LoadedChunks | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = loaded?.datasetId === datasetId ? loaded : null;

  useEffect(() => {
    let live = true;
    appDb()
      .then((db) => readChunkSize(db, datasetId))
      .then(
        (chunkSize) => live && setLoaded({ datasetId, chunkSize, chunks: new Map() }),
        (caught: unknown) => live && setError(String(caught)),
      );
    return () => {
      live = false;
    };
  }, [datasetId]);

  const chunkSize = current?.chunkSize ?? 0;
  const firstChunk = chunkSize ? Math.floor(first / chunkSize) : 0;
  const lastChunk = chunkSize ? Math.floor(last / chunkSize) : -1;
  const chunks = current?.chunks;
  useEffect(() => {
    if (!chunks) return;
    const missing: number[] = [];
    for (let chunk = firstChunk; chunk <= lastChunk; chunk++)
      if (!chunks.has(chunk)) missing.push(chunk);
    if (missing.length === 0) return;
    let live = true;
    appDb()
      .then((db) => Promise.all(missing.map((chunk) => readRowChunk(db, datasetId, chunk))))
      .then(
        (read) => {
          if (!live) return;
          setLoaded((state) => {
            if (!state || state.datasetId !== datasetId) return state;
            const next = new Map(state.chunks);
            missing.forEach((chunk, i) => next.set(chunk, read[i] ?? []));
            for (const old of next.keys()) {
              if (next.size <= CACHED_CHUNKS) break;
              if (old < firstChunk || old > lastChunk) next.delete(old);
            }
            return { ...state, chunks: next };
          });
        },
        (caught: unknown) => live && setError(String(caught)),
      );
    return () => {
      live = false;
    };
  }, [chunks, datasetId, firstChunk, lastChunk]);

  const rowAt = (position: number): StoredRow | undefined => {
    if (!chunkSize || !chunks) return undefined;
    const chunk = Math.floor(position / chunkSize);
    return chunks.get(chunk)?.[position - chunk * chunkSize];
  };
  return { rowAt, ready: current !== null, error };
}

import { useEffect, useState } from 'react';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import { appDb } from '../../common/db.ts';
import type { TextStats } from './readiness.ts';

/** A screenful of reading: enough rows to tell whether titles are missing, quick on any size. */
const ROWS_READ = 50_000;
const known = new Map<string, TextStats>();

async function readTextStats(datasetId: string): Promise<TextStats> {
  const stats: TextStats = { read: 0, withoutTitle: 0, withoutText: 0, complete: true };
  for await (const chunk of readRowChunks(await appDb(), datasetId)) {
    for (const row of chunk.rows) {
      stats.read += 1;
      if (!row.title.trim()) {
        stats.withoutTitle += 1;
        if (!row.description.trim()) stats.withoutText += 1;
      }
    }
    if (stats.read >= ROWS_READ) {
      stats.complete = false;
      break;
    }
  }
  return stats;
}

/** How many products of a catalogue have no text to learn from; read once per catalogue. */
export function useTextStats(datasetId: string | null): TextStats | null {
  const [stats, setStats] = useState<{ id: string; stats: TextStats } | null>(null);
  useEffect(() => {
    if (!datasetId || known.has(datasetId)) return;
    let live = true;
    readTextStats(datasetId).then(
      (read) => {
        known.set(datasetId, read);
        if (live) setStats({ id: datasetId, stats: read });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [datasetId]);
  if (!datasetId) return null;
  return known.get(datasetId) ?? (stats?.id === datasetId ? stats.stats : null);
}

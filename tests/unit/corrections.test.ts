import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import {
  applyCorrections,
  readCorrections,
  readLabelledRows,
  readReviewLog,
  recordDecision,
  type ReviewDecision,
} from '@shared/db/corrections.ts';
import { deleteDataset } from '@shared/db/catalogue-store.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';

const rows: StoredRow[] = ['mug', 'plate', 'mug'].map((category, i) => ({
  line: i + 2,
  id: `p${i}`,
  title: `Product ${i}`,
  description: '',
  category,
  image: '',
}));

async function freshDb() {
  const db = await openShelfwiseDb(`corrections-${Math.random().toString(36).slice(2)}`);
  await db.put('datasets', {
    id: 'd',
    name: 'd',
    fileName: 'd.csv',
    createdAt: 1,
    status: 'ready',
    rowCount: 3,
    chunkCount: 1,
    classCounts: {},
    problems: [],
    skippedRows: 0,
  });
  await db.put('rowChunks', { datasetId: 'd', chunk: 0, rows });
  return db;
}

const decision = (position: number, action: ReviewDecision['action'], label: string) => ({
  datasetId: 'd',
  position,
  row: rows[position]!,
  action,
  label,
  reviewer: 'owner',
  modelId: 'm',
});

describe('review decisions', () => {
  it('stores a relabel at once, with old and new label in the audit trail', async () => {
    const db = await freshDb();
    const entry = await recordDecision(db, decision(0, 'relabel', 'plate'), 1000);
    expect(entry).toMatchObject({ before: 'mug', after: 'plate', reviewer: 'owner', at: 1000 });
    const corrections = await readCorrections(db, 'd');
    expect(corrections.get(0)).toMatchObject({ originalLabel: 'mug', label: 'plate' });
    expect((await readLabelledRows(db, 'd')).map((r) => r.category)).toEqual([
      'plate',
      'plate',
      'mug',
    ]);
    db.close();
  });

  it('keep and skip change no label; undo restores the label before the undone decision', async () => {
    const db = await freshDb();
    await recordDecision(db, decision(1, 'keep', 'plate'));
    await recordDecision(db, decision(2, 'skip', 'mug'));
    expect((await readCorrections(db, 'd')).size).toBe(0);
    const relabel = await recordDecision(db, decision(2, 'accept', 'plate'));
    expect((await readCorrections(db, 'd')).get(2)?.label).toBe('plate');
    await recordDecision(db, decision(2, 'undo', relabel.before));
    expect((await readCorrections(db, 'd')).size).toBe(0);
    const log = await readReviewLog(db, 'd');
    expect(log.map((e) => e.action)).toEqual(['keep', 'skip', 'accept', 'undo']);
    expect(log.map((e) => e.seq)).toEqual([...log.map((e) => e.seq)].sort((a, b) => a! - b!));
    expect(log[3]).toMatchObject({ before: 'plate', after: 'mug' });
    db.close();
  });

  it('a second relabel keeps the imported label as the original', async () => {
    const db = await freshDb();
    await recordDecision(db, decision(0, 'relabel', 'plate'));
    await recordDecision(db, decision(0, 'relabel', 'bowl'));
    const correction = (await readCorrections(db, 'd')).get(0);
    expect(correction).toMatchObject({ originalLabel: 'mug', label: 'bowl' });
    const log = await readReviewLog(db, 'd');
    expect(log[1]).toMatchObject({ before: 'plate', after: 'bowl' });
    db.close();
  });

  it('deleting the dataset deletes its corrections and trail', async () => {
    const db = await freshDb();
    await recordDecision(db, decision(0, 'relabel', 'plate'));
    await deleteDataset(db, 'd');
    expect(await db.count('corrections')).toBe(0);
    expect(await db.count('reviewLog')).toBe(0);
    db.close();
  });

  it('applyCorrections leaves rows without a correction untouched', () => {
    const applied = applyCorrections(rows, new Map([[1, { label: 'bowl' } as never]]));
    expect(applied.map((r) => r.category)).toEqual(['mug', 'bowl', 'mug']);
    expect(applied[0]).toBe(rows[0]);
  });
});

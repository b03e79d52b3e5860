import { describe, expect, it } from 'vitest';
import { decidedPositions, rankReviewQueue } from '@shared/review/rank-queue.ts';
import { decisionExportRows, predictionExportRows } from '@shared/review/export-rows.ts';
import type { ReviewLogRecord } from '@shared/db/records/review.ts';

const labels = ['mug', 'plate', 'bowl'];
// Four rows: top-3 class ids and probabilities.
const source = {
  topClasses: Int32Array.from([0, 1, 2, 1, 0, 2, 2, 0, 1, 1, 2, 0]),
  topProbabilities: Float32Array.from([
    0.9, 0.05, 0.05, 0.55, 0.4, 0.05, 0.97, 0.02, 0.01, 0.6, 0.3, 0.1,
  ]),
};
const current = ['mug', 'mug', 'mug', 'plate'];

describe('rankReviewQueue', () => {
  it('lists disagreements, the most confident first: likely label errors', () => {
    const queue = rankReviewQueue(source, labels, current, 'disagreements', new Set());
    // Row 2 (bowl at 0.97 vs label mug), row 1 (plate at 0.55 vs mug); rows 0 and 3 agree.
    expect(queue.map((item) => item.position)).toEqual([2, 1]);
    expect(queue[0]).toMatchObject({ suggested: 2 });
    expect(queue[0]?.confidence).toBeCloseTo(0.97);
  });

  it('lists every row by margin, the most hesitant first', () => {
    const queue = rankReviewQueue(source, labels, current, 'uncertain', new Set());
    // Margins: 0.85, 0.15, 0.95, 0.3.
    expect(queue.map((item) => item.position)).toEqual([1, 3, 0, 2]);
    expect(queue[0]?.margin).toBeCloseTo(0.15);
  });

  it('leaves decided rows out', () => {
    const queue = rankReviewQueue(source, labels, current, 'uncertain', new Set([1, 2]));
    expect(queue.map((item) => item.position)).toEqual([3, 0]);
  });
});

describe('decidedPositions', () => {
  const entry = (position: number, action: ReviewLogRecord['action']): ReviewLogRecord => ({
    datasetId: 'd',
    position,
    rowId: String(position),
    action,
    before: 'a',
    after: 'b',
    reviewer: 'r',
    at: 0,
    modelId: 'm',
  });

  it('counts a row as decided when its latest action is accept, relabel or keep', () => {
    const decided = decidedPositions([
      entry(0, 'accept'),
      entry(1, 'relabel'),
      entry(1, 'undo'),
      entry(2, 'skip'),
      entry(3, 'keep'),
      entry(4, 'undo'),
      entry(4, 'relabel'),
    ]);
    expect([...decided].sort()).toEqual([0, 3, 4]);
  });
});

describe('export rows', () => {
  it('writes the top 3, the abstained flag and both labels for each product', () => {
    const rows = current.map((category, i) => ({
      line: i + 2,
      id: `p${i}`,
      title: `T${i}`,
      description: '',
      category,
      image: '',
    }));
    const corrected = ['mug', 'plate', 'mug', 'plate'];
    const lines = predictionExportRows(rows, corrected, source, labels, 0.6);
    expect(lines[1]).toEqual({
      id: 'p1',
      title: 'T1',
      predicted: 'plate',
      confidence: 0.55,
      top3: 'plate (0.550) | mug (0.400) | bowl (0.050)',
      abstained: 'yes',
      original_label: 'mug',
      current_label: 'plate',
    });
    expect(lines.map((line) => line.abstained)).toEqual(['no', 'yes', 'no', 'no']);
  });

  it('writes the audit trail with ISO times', () => {
    const [line] = decisionExportRows([
      {
        seq: 7,
        datasetId: 'd',
        position: 3,
        rowId: 'p3',
        action: 'relabel',
        before: 'mug',
        after: 'bowl',
        reviewer: 'ana',
        at: Date.UTC(2026, 0, 2),
        modelId: 'm',
      },
    ]);
    expect(line).toEqual({
      seq: 7,
      at: '2026-01-02T00:00:00.000Z',
      reviewer: 'ana',
      id: 'p3',
      row: 3,
      action: 'relabel',
      before: 'mug',
      after: 'bowl',
      model: 'm',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { formatHash, nextStep, parseHash } from '../../src/app/routes.ts';
import { resolveModel } from '../../src/app/model-choice.ts';
import { nameFromFile, uniqueName } from '../../src/features/import/dataset-name.ts';
import { isBlocking, trainingReadiness } from '../../src/features/train/readiness.ts';
import { labelSummary } from '../../src/features/label/label-summary.ts';

const dataset = (id: string, classCounts: Record<string, number>): DatasetRecord => ({
  id,
  name: id,
  fileName: `${id}.csv`,
  createdAt: 0,
  status: 'ready',
  rowCount: Object.values(classCounts).reduce((a, b) => a + b, 0),
  chunkCount: 1,
  classCounts,
  problems: [],
  skippedRows: 0,
});
const model = (id: string, datasetId: string, partial = false) =>
  ({ id, datasetId, partial }) as ModelRecord;

describe('the route in the URL', () => {
  it('reads and writes the screen with what it shows', () => {
    const route = { screen: 'check', dataset: 'ds-1', model: 'model-2', taxonomy: 'shopify' };
    expect(formatHash(route as never)).toBe('#/check?dataset=ds-1&model=model-2&taxonomy=shopify');
    expect(parseHash('#/check?dataset=ds-1&model=model-2&taxonomy=shopify')).toEqual(route);
    expect(parseHash('#/review')).toEqual({
      screen: 'review',
      dataset: null,
      model: null,
      taxonomy: null,
    });
  });

  it('names no screen for an empty hash or an unknown one', () => {
    expect(parseHash('')).toBeNull();
    expect(parseHash('#main')).toBeNull();
    expect(parseHash('#/nowhere')).toBeNull();
  });

  it('walks the steps in order', () => {
    expect(nextStep('import')).toBe('train');
    expect(nextStep('label')).toBe('export');
    expect(nextStep('export')).toBeNull();
    expect(nextStep('models')).toBeNull();
  });
});

describe('the model in use', () => {
  const datasets = [dataset('a', { x: 1 }), dataset('b', { x: 1 })];
  // Newest first, as the app lists them.
  const models = [
    model('a-stopped', 'a', true),
    model('a-2', 'a'),
    model('a-1', 'a'),
    model('b-1', 'b'),
  ];

  it('is the catalogue newest finished model, never a run the owner stopped', () => {
    expect(resolveModel(models, datasets, 'a', null)?.id).toBe('a-2');
  });

  it('is a stopped run once the owner chose it, and any chosen model of the catalogue', () => {
    expect(resolveModel(models, datasets, 'a', 'a-stopped')?.id).toBe('a-stopped');
    expect(resolveModel(models, datasets, 'a', 'a-1')?.id).toBe('a-1');
  });

  it('goes back to the catalogue own model when the chosen one belongs to another', () => {
    expect(resolveModel(models, datasets, 'a', 'b-1')?.id).toBe('a-2');
  });

  it('keeps a chosen model whose catalogue is not in this browser', () => {
    const standalone = model('c-1', 'c');
    expect(resolveModel([standalone, ...models], datasets, 'a', 'c-1')?.id).toBe('c-1');
  });
});

describe('catalogue names', () => {
  it('come from the file, numbered when the name is taken', () => {
    expect(nameFromFile('train.csv')).toBe('train');
    expect(uniqueName('train', ['Train', 'train (2)'])).toBe('train (3)');
    expect(uniqueName('spring', ['train'])).toBe('spring');
  });
});

describe('training readiness', () => {
  const fine = { read: 100, withoutTitle: 0, withoutText: 0, complete: true };

  it('refuses too few products, one category, or no text at all', () => {
    const tiny = trainingReadiness(dataset('t', { a: 2, b: 2 }), fine);
    expect(tiny.map((r) => r.kind)).toContain('tooFewProducts');
    expect(tiny.some(isBlocking)).toBe(true);
    expect(trainingReadiness(dataset('o', { a: 50 }), fine).map((r) => r.kind)).toEqual([
      'oneCategory',
    ]);
    const noText = { read: 40, withoutTitle: 40, withoutText: 40, complete: true };
    expect(trainingReadiness(dataset('p', { a: 20, b: 20 }), noText)[0]?.kind).toBe('noText');
  });

  it('warns about empty titles and tiny categories without refusing', () => {
    const someEmpty = { read: 100, withoutTitle: 10, withoutText: 5, complete: true };
    const found = trainingReadiness(dataset('w', { a: 96, b: 3, c: 1 }), someEmpty);
    expect(found.map((r) => r.kind)).toEqual(['emptyTitles', 'smallCategories']);
    expect(found.some(isBlocking)).toBe(false);
  });

  it('has nothing to say about a catalogue fit to train on', () => {
    expect(trainingReadiness(dataset('g', { a: 50, b: 50 }), fine)).toEqual([]);
  });
});

describe('labelling the catalogue', () => {
  it('labels what the model is sure enough of, and counts what differs from the shop', () => {
    const predictions = {
      // Three rows, top 3 each: classes and probabilities.
      topClasses: Int32Array.from([0, 1, -1, 1, 0, -1, 0, 1, -1]),
      topProbabilities: Float32Array.from([0.9, 0.1, 0, 0.55, 0.45, 0, 0.95, 0.05, 0]),
    };
    expect(labelSummary(predictions, ['a', 'b'], ['a', 'a', 'b'], 0.8)).toEqual({
      products: 3,
      automatic: 2,
      forReview: 1,
      changed: 1,
    });
  });
});

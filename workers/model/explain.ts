import type { TextContribution, TextExplanation } from '@shared/contracts/classify.ts';
import { extractOccurrences, type Occurrence } from '../text/feature-occurrences.ts';
import type { FeatureIndex } from '../text/feature-space.ts';
import type { LinearModel } from './linear-model.ts';

/**
 * Exact contributions of each word (or CJK character) to one class's logit. The model is
 * linear, so the logit is the bias plus, over the n-grams present, TF-IDF value times weight;
 * each n-gram's term is shared equally among its occurrences and the units they span, so the
 * contributions add up to the logit exactly.
 */
export function explainText(
  index: FeatureIndex,
  model: LinearModel,
  text: string,
  classId: number,
): Omit<TextExplanation, 'label' | 'normalizedText'> {
  const { classCount, featureCount, weights } = model;
  const occurrences = extractOccurrences(text, index.space.tokenizer);
  const vector = index.vectorizeFeatures({
    word: occurrences.word.map((o) => o.hash),
    char: occurrences.char.map((o) => o.hash),
  });
  const valueOfRow = new Map<number, number>();
  vector.indices.forEach((row, i) => valueOfRow.set(row, vector.values[i] as number));
  const contributions = new Float64Array(occurrences.units.length);

  const share = (group: 'word' | 'char', list: Occurrence[]) => {
    const rows = list.map((o) => index.rowOf(group, o.hash));
    const repeats = new Map<number, number>();
    for (const row of rows) if (row !== undefined) repeats.set(row, (repeats.get(row) ?? 0) + 1);
    list.forEach((occurrence, k) => {
      const row = rows[k];
      if (row === undefined) return;
      const term =
        ((valueOfRow.get(row) ?? 0) * (weights[row * classCount + classId] as number)) /
        (repeats.get(row) as number) /
        occurrence.units.length;
      for (const unit of occurrence.units)
        contributions[unit] = (contributions[unit] as number) + term;
    });
  };
  share('word', occurrences.word);
  share('char', occurrences.char);

  const bias = weights[featureCount * classCount + classId] as number;
  const units: TextContribution[] = occurrences.units.map((unit, i) => ({
    ...unit,
    contribution: contributions[i] as number,
  }));
  const logit = units.reduce((sum, unit) => sum + unit.contribution, bias);
  return { classId, bias, logit, units };
}

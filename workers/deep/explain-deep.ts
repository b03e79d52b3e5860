import type { DeepExplanation } from '@shared/contracts/classify.ts';
import type { EnsembleMix } from '@shared/db/records/deep-model.ts';
import { subwordPositions } from './subword.ts';
import { normalizeText } from '../text/tokenize.ts';
import type { LoadedDeepModel } from './deep-model.ts';
import { deepLogits } from './train-deep.ts';

function logProbability(
  logits: Float32Array,
  row: number,
  width: number,
  classId: number,
  temperature: number,
) {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < width; c++)
    max = Math.max(max, (logits[row * width + c] as number) / temperature);
  let sum = 0;
  for (let c = 0; c < width; c++)
    sum += Math.exp((logits[row * width + c] as number) / temperature - max);
  return (logits[row * width + classId] as number) / temperature - max - Math.log(sum);
}

/**
 * Occlusion attribution of the deep model for one product text and class: the text is scored
 * once whole and once without each of its words (or CJK characters), in one batch.
 */
export async function explainDeep(
  model: LoadedDeepModel & { mix: EnsembleMix },
  text: string,
  classId: number,
): Promise<DeepExplanation> {
  const positions = subwordPositions(text, model.encoder.vocab.config);
  const { ids, positions: kept } = model.encoder.encodeWithPositions(text);
  const variants = [
    ids,
    ...kept.map((_, k) => Int32Array.from([...ids.slice(0, k), ...ids.slice(k + 1)])),
  ];
  const logits = await deepLogits(model, model.encoder.types, variants);
  const width = model.shape.classCount;
  const temperature = model.mix.deepTemperature;
  const whole = logProbability(logits, 0, width, classId, temperature);
  const normalized = normalizeText(text);
  return {
    weight: model.mix.weight,
    probability: Math.exp(whole),
    units: kept.map((index, k) => {
      const position = positions[index] as (typeof positions)[number];
      return {
        text: normalized.slice(position.start, position.end),
        start: position.start,
        end: position.end,
        contribution: whole - logProbability(logits, k + 1, width, classId, temperature),
      };
    }),
  };
}

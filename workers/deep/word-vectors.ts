import { subwordPositions } from './subword.ts';
import { TypeEncoder, type SubwordVocab } from './subword-vocab.ts';
import { normalizeText } from '../text/tokenize.ts';

/** The vector of a word (or any text): the mean of its positions' unit means. */
export function textVector(
  encoder: TypeEncoder,
  units: Float32Array,
  dim: number,
  text: string,
): Float32Array {
  const vector = new Float32Array(dim);
  const ids = encoder.encode(text);
  for (const id of ids) {
    const rows = encoder.types[id]?.unitRows ?? new Int32Array(0);
    for (const row of rows)
      for (let d = 0; d < dim; d++)
        vector[d] =
          (vector[d] as number) + (units[row * dim + d] as number) / rows.length / ids.length;
  }
  return vector;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / (Math.sqrt(na * nb) || 1);
}

/** The words of `texts` whose vectors are closest to `word`'s (cosine), most similar first. */
export function nearestWords(
  vocab: SubwordVocab,
  units: Float32Array,
  texts: readonly string[],
  word: string,
  k: number,
): { word: string; similarity: number }[] {
  const dim = units.length / Math.max(1, vocab.unitHashes.length);
  const encoder = new TypeEncoder(vocab);
  const query = textVector(encoder, units, dim, word);
  const seen = new Set<string>([normalizeText(word)]);
  const scored: { word: string; similarity: number }[] = [];
  for (const text of texts) {
    const normalized = normalizeText(text);
    for (const position of subwordPositions(text, vocab.config)) {
      const candidate = normalized.slice(position.start, position.end);
      if (seen.has(candidate)) continue;
      seen.add(candidate);
      scored.push({
        word: candidate,
        similarity: cosine(query, textVector(encoder, units, dim, candidate)),
      });
    }
  }
  return scored.sort((a, b) => b.similarity - a.similarity).slice(0, k);
}

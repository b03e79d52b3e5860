import type { NearestProduct, TextExplanation } from '../shared/worker-api.ts';

interface ExplanationProps {
  explanation: TextExplanation;
  nearest: NearestProduct[];
}

/** Colour strength of a word: its share of the largest absolute contribution. */
function shade(contribution: number, largest: number): string {
  const alpha = largest > 0 ? Math.min(1, Math.abs(contribution) / largest) * 0.6 : 0;
  return contribution >= 0 ? `rgba(22, 163, 74, ${alpha})` : `rgba(220, 38, 38, ${alpha})`;
}

/**
 * Why the model chose a category: each word of the product text coloured by its exact
 * contribution to that category's score (green for, red against), and the catalogue's own
 * most similar labelled products as evidence.
 */
export function Explanation({ explanation, nearest }: ExplanationProps) {
  const { units, normalizedText, label, bias, logit } = explanation;
  const largest = Math.max(0, ...units.map((u) => Math.abs(u.contribution)));
  const pieces: { text: string; contribution: number | null }[] = [];
  let at = 0;
  for (const unit of units) {
    if (unit.start > at)
      pieces.push({ text: normalizedText.slice(at, unit.start), contribution: null });
    pieces.push({
      text: normalizedText.slice(unit.start, unit.end),
      contribution: unit.contribution,
    });
    at = unit.end;
  }
  if (at < normalizedText.length)
    pieces.push({ text: normalizedText.slice(at), contribution: null });
  const strongest = [...units]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, 5);

  return (
    <div className="explanation" data-testid="explanation">
      <h3>Why “{label}”</h3>
      <p className="explained-text">
        {pieces.map((piece, i) =>
          piece.contribution === null ? (
            <span key={i}>{piece.text}</span>
          ) : (
            <mark
              key={i}
              style={{ background: shade(piece.contribution, largest) }}
              title={`${piece.contribution >= 0 ? '+' : ''}${piece.contribution.toFixed(3)}`}
              data-contribution={piece.contribution}
            >
              {piece.text}
            </mark>
          ),
        )}
      </p>
      <p className="muted">
        Score {logit.toFixed(2)} = baseline {bias.toFixed(2)}
        {strongest.map(
          (u) =>
            ` ${u.contribution >= 0 ? '+' : '−'} ${Math.abs(u.contribution).toFixed(2)} “${u.text}”`,
        )}
        {units.length > strongest.length ? ' + the rest' : ''}. Green words argue for the category,
        red ones against.
      </p>
      {explanation.deep && <DeepReading deep={explanation.deep} />}
      {nearest.length > 0 && (
        <>
          <h3>Most similar products in your catalogue</h3>
          <ol className="nearest" data-testid="nearest">
            {nearest.map((product) => (
              <li key={product.position}>
                {product.title} <span className="muted">→ {product.category}</span>{' '}
                <span className="muted">({(product.similarity * 100).toFixed(0)}% similar)</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** The deep half of a "Best" model: the words without which it is least sure of the category. */
function DeepReading({ deep }: { deep: NonNullable<TextExplanation['deep']> }) {
  const strongest = [...deep.units]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, 5);
  return (
    <p className="muted" data-testid="deep-explanation">
      The deep model ({Math.round(deep.weight * 100)}% of the decision) gives it{' '}
      {(deep.probability * 100).toFixed(0)}%.
      {strongest.length > 0 && ' Leaving out a word changes its confidence most for'}
      {strongest.map(
        (u, i) =>
          `${i ? ',' : ''} “${u.text}” (${u.contribution >= 0 ? '−' : '+'}${Math.abs(u.contribution).toFixed(2)})`,
      )}
      {strongest.length > 0 && ' (log-probability).'}
    </p>
  );
}

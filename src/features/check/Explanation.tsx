import { useTranslation } from 'react-i18next';
import type { NearestProduct, TextExplanation } from '@shared/contracts/classify.ts';
import { decimal, percent, signedDecimal } from '../../common/format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';

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
  const { t } = useTranslation();
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
      <h3>{rich(t('explain.why', { label: slot('label') }), { label: <Data>{label}</Data> })}</h3>
      <p className="explained-text" translate="no">
        {pieces.map((piece, i) =>
          piece.contribution === null ? (
            <span key={i}>{piece.text}</span>
          ) : (
            <mark
              key={i}
              style={{ background: shade(piece.contribution, largest) }}
              title={signedDecimal(piece.contribution)}
              data-contribution={piece.contribution}
            >
              {piece.text}
            </mark>
          ),
        )}
      </p>
      <p className="muted">{t('explain.legend')}</p>
      <details className="expert">
        <summary>{t('explain.scoreSummary')}</summary>
        <p className="muted">
          {t('explain.score', { logit: decimal(logit, 2), bias: decimal(bias, 2) })}
          {strongest.map((u, i) => (
            <span key={i}>
              {' '}
              {signedDecimal(u.contribution, 2)} “<Data>{u.text}</Data>”
            </span>
          ))}
          {units.length > strongest.length ? ` ${t('explain.rest')}` : ''}
        </p>
      </details>
      {nearest.length > 0 && (
        <>
          <h3>{t('explain.nearest')}</h3>
          <ol className="nearest" data-testid="nearest">
            {nearest.map((product) => (
              <li key={product.position}>
                <Data>{product.title}</Data>{' '}
                <span className="muted">
                  → <Data>{product.category}</Data>
                </span>{' '}
                <span className="muted">
                  {t('explain.similar', { similarity: percent(product.similarity, 0) })}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

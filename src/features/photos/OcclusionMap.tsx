import { useTranslation } from 'react-i18next';
import type { PhotoExplanation } from '@shared/contracts/image.ts';
import { decimal, percent, signedDecimal } from '../../common/format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';

interface OcclusionMapProps {
  src: string;
  alt: string;
  explanation: PhotoExplanation;
}

/**
 * The photo under a grid of red cells: the redder, the more covering that part lowers the
 * category's probability, so the more the decision rests on it.
 */
export function OcclusionMap({ src, alt, explanation }: OcclusionMapProps) {
  const { t } = useTranslation();
  const { grid, drops, label, probability } = explanation;
  const largest = Math.max(1e-6, ...drops);
  return (
    <figure className="occlusion" data-testid="occlusion-map">
      <div className="occlusion-frame">
        <img src={src} alt={alt} width={224} />
        <div
          className="occlusion-grid"
          style={{ gridTemplateColumns: `repeat(${grid}, 1fr)` }}
          aria-hidden
        >
          {drops.map((drop, i) => (
            <span
              key={i}
              style={{ background: `rgba(220, 38, 38, ${(Math.max(0, drop) / largest) * 0.65})` }}
              title={t('photos.map.points', { points: signedDecimal(-drop * 100, 1) })}
            />
          ))}
        </div>
      </div>
      <figcaption className="muted">
        {rich(
          t('photos.map.caption', {
            label: slot('label'),
            probability: percent(probability),
            largest: decimal(largest * 100, 1),
          }),
          { label: <Data>{label}</Data> },
        )}
      </figcaption>
    </figure>
  );
}

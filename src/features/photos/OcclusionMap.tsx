import type { PhotoExplanation } from '@shared/contracts/image.ts';

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
              title={`${drop >= 0 ? '−' : '+'}${Math.abs(drop * 100).toFixed(1)} points`}
            />
          ))}
        </div>
      </div>
      <figcaption className="muted">
        Where “{label}” ({(probability * 100).toFixed(1)}%) comes from: covering a red part lowers
        it most (up to {(largest * 100).toFixed(1)} points).
      </figcaption>
    </figure>
  );
}

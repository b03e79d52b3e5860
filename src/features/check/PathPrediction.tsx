import type { PathClassification } from '@shared/contracts/classify.ts';

/** The predicted category path, saying when it stopped at an ancestor for lack of confidence. */
export function PathPrediction({ result }: { result: PathClassification }) {
  const confidence = `${(result.probability * 100).toFixed(1)}%`;
  return (
    <p className="path-prediction" data-testid="path-prediction">
      {result.path.length === 0 ? (
        <>No category is likely enough to name.</>
      ) : (
        <>
          <span className="muted">{result.backedOff ? 'Confident down to: ' : 'Category: '}</span>
          <strong>{result.path.join(' › ')}</strong> <span className="muted">{confidence}</span>
        </>
      )}
      {result.backedOff && result.leafPath.length > 0 && (
        <span className="muted">
          {' '}
          (best guess {result.leafPath.join(' › ')} at {(result.leafProbability * 100).toFixed(1)}%
          is below the threshold)
        </span>
      )}
    </p>
  );
}

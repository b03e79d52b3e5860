import { useEffect, useState } from 'react';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import { readHeldOutPredictions } from '@shared/db/evaluation-store.ts';
import { appDb } from '../../common/db.ts';

export type HeldOutState =
  | { status: 'loading'; modelId: string }
  | { status: 'missing'; modelId: string }
  | { status: 'ready'; modelId: string; predictions: HeldOutPredictionsRecord }
  | { status: 'error'; modelId: string; message: string };

/** A model's stored held-out predictions; 'missing' for models trained before they were kept. */
export function useHeldOutPredictions(modelId: string): HeldOutState {
  const [state, setState] = useState<HeldOutState>({ status: 'loading', modelId });
  useEffect(() => {
    let isCurrent = true;
    appDb()
      .then((db) => readHeldOutPredictions(db, modelId))
      .then(
        (predictions) => {
          if (!isCurrent) return;
          setState(
            predictions
              ? { status: 'ready', modelId, predictions }
              : { status: 'missing', modelId },
          );
        },
        (caught: unknown) => {
          if (isCurrent) setState({ status: 'error', modelId, message: String(caught) });
        },
      );
    return () => {
      isCurrent = false;
    };
  }, [modelId]);
  // A state left from the previous model reads as loading until this one's arrives.
  return state.modelId === modelId ? state : { status: 'loading', modelId };
}

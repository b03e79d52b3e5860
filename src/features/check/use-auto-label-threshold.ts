import { useCallback, useEffect, useRef, useState } from 'react';
import { readAutoLabelThreshold, saveAutoLabelThreshold } from '@shared/db/evaluation-store.ts';
import { appDb } from '../../common/db.ts';

export type SaveState = 'loading' | 'saved' | 'saving' | 'error';

/**
 * A model's auto-label threshold: read from the model, changed by the owner, written back.
 * Writes are chained so a held-down arrow key stores its last value, never an earlier one.
 */
export function useAutoLabelThreshold(modelId: string) {
  const [state, setState] = useState<{
    modelId: string;
    threshold: number | null;
    save: SaveState;
    error: string;
  }>({ modelId, threshold: null, save: 'loading', error: '' });
  const pending = useRef<number | null>(null);
  const isWriting = useRef(false);

  useEffect(() => {
    let live = true;
    appDb()
      .then((db) => readAutoLabelThreshold(db, modelId))
      .then(
        (threshold) => live && setState({ modelId, threshold, save: 'saved', error: '' }),
        (caught: unknown) =>
          live && setState({ modelId, threshold: null, save: 'error', error: String(caught) }),
      );
    return () => {
      live = false;
    };
  }, [modelId]);

  const writePending = useCallback(async () => {
    if (isWriting.current) return;
    isWriting.current = true;
    try {
      const db = await appDb();
      while (pending.current !== null) {
        const value = pending.current;
        pending.current = null;
        await saveAutoLabelThreshold(db, modelId, value);
      }
      setState((s) => ({ ...s, save: 'saved' }));
    } catch (caught) {
      setState((s) => ({ ...s, save: 'error', error: String(caught) }));
    } finally {
      isWriting.current = false;
    }
  }, [modelId]);

  const choose = (value: number) => {
    setState((s) => ({ ...s, threshold: value, save: 'saving' }));
    pending.current = value;
    writePending().catch((caught: unknown) =>
      setState((s) => ({ ...s, save: 'error', error: String(caught) })),
    );
  };

  const current = state.modelId === modelId ? state : null;
  return {
    threshold: current?.threshold ?? null,
    save: current?.save ?? 'loading',
    error: current?.error ?? '',
    choose,
  };
}

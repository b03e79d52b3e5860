import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmRequest {
  title: string;
  body?: ReactNode;
  /** The button that goes ahead, named after what it does ("Delete the catalogue"). */
  confirmLabel: string;
  /** Drawn as a destructive action. */
  danger?: boolean;
}

type Ask = (request: ConfirmRequest) => Promise<boolean>;
const ConfirmContext = createContext<Ask | null>(null);

/**
 * Asks before anything that cannot be undone, in a modal dialog: focus goes to the safe
 * choice, Escape and Cancel keep everything, Enter on the named button goes ahead.
 */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [asked, setAsked] = useState<{
    request: ConfirmRequest;
    answer: (yes: boolean) => void;
  } | null>(null);

  const ask = useCallback<Ask>(
    (request) =>
      new Promise<boolean>((resolve) => {
        setAsked({ request, answer: resolve });
      }),
    [],
  );

  useEffect(() => {
    if (asked && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [asked]);

  const answer = (yes: boolean) => {
    asked?.answer(yes);
    setAsked(null);
    dialog.current?.close();
  };

  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby="confirm-title"
        onCancel={(event) => {
          event.preventDefault();
          answer(false);
        }}
      >
        {asked && (
          <>
            <h2 id="confirm-title">{asked.request.title}</h2>
            {asked.request.body && <div className="confirm-body">{asked.request.body}</div>}
            <div className="confirm-actions">
              <button type="button" autoFocus onClick={() => answer(false)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className={asked.request.danger ? 'danger' : 'primary'}
                onClick={() => answer(true)}
              >
                {asked.request.confirmLabel}
              </button>
            </div>
          </>
        )}
      </dialog>
    </ConfirmContext.Provider>
  );
}

/** `await confirm({...})` is true when the owner went ahead. */
export function useConfirm(): Ask {
  const ask = useContext(ConfirmContext);
  if (!ask) throw new Error('useConfirm outside ConfirmProvider');
  return ask;
}

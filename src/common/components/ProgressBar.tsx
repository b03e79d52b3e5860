import { useTranslation } from 'react-i18next';
import { formatDuration, percent } from '../format.ts';

interface ProgressBarProps {
  label: string;
  /** 0..1, or null while the amount of work is not known yet. */
  fraction: number | null;
  etaMs?: number | null;
  onCancel?: () => void;
  cancelling?: boolean;
}

export function ProgressBar({ label, fraction, etaMs, onCancel, cancelling }: ProgressBarProps) {
  const { t } = useTranslation();
  const done = fraction === null ? undefined : Math.min(1, Math.max(0, fraction));
  return (
    <div className="progress" role="group" aria-label={label} data-testid="progress">
      <div className="progress-label">
        <span>{label}</span>
        {done !== undefined && <span>{percent(done, 0)}</span>}
        {etaMs != null && (
          <span className="muted">{t('progress.left', { time: formatDuration(etaMs) })}</span>
        )}
      </div>
      <progress
        max={1}
        value={done}
        aria-valuetext={done === undefined ? t('progress.working') : percent(done, 0)}
      />
      {onCancel && (
        <button type="button" onClick={onCancel} disabled={cancelling}>
          {cancelling ? t('progress.cancelling') : t('common.cancel')}
        </button>
      )}
    </div>
  );
}

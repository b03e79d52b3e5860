import { formatDuration } from '../format.ts';

interface ProgressBarProps {
  label: string;
  /** 0..1, or null while the amount of work is not known yet. */
  fraction: number | null;
  etaMs?: number | null;
  onCancel?: () => void;
  cancelling?: boolean;
}

export function ProgressBar({ label, fraction, etaMs, onCancel, cancelling }: ProgressBarProps) {
  const percentDone =
    fraction === null ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="progress" role="group" aria-label={label}>
      <div className="progress-label">
        <span>{label}</span>
        {percentDone !== undefined && <span>{percentDone}%</span>}
        {etaMs != null && <span className="muted">about {formatDuration(etaMs)} left</span>}
      </div>
      <progress
        max={100}
        value={percentDone}
        aria-valuetext={percentDone === undefined ? 'working' : `${percentDone}%`}
      />
      {onCancel && (
        <button type="button" onClick={onCancel} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}

import type { BackendBenchmark } from '@shared/contracts/jobs.ts';
import { BACKEND_NAMES, type BackendName } from '@shared/contracts/jobs.ts';

interface BackendPickerProps {
  current: BackendName | null;
  figures: BackendBenchmark[];
  measuring: boolean;
  automatic: boolean;
  onPick: (backend: BackendName) => void;
  onMeasure: () => void;
}

export function BackendPicker({
  current,
  figures,
  measuring,
  automatic,
  onPick,
  onMeasure,
}: BackendPickerProps) {
  return (
    <div className="backend">
      <label>
        Compute backend{' '}
        <select
          aria-label="Compute backend"
          value={current ?? ''}
          disabled={measuring || current === null}
          onChange={(event) => onPick(event.target.value as BackendName)}
        >
          {current === null && <option value="">starting…</option>}
          {BACKEND_NAMES.map((name) => {
            const figure = figures.find((f) => f.backend === name);
            const note = figure
              ? figure.stepMs === null
                ? ' (unavailable)'
                : ` (${figure.stepMs.toFixed(0)} ms/step)`
              : '';
            return (
              <option key={name} value={name} disabled={figure?.stepMs === null}>
                {name}
                {note}
              </option>
            );
          })}
        </select>
      </label>
      <span className="badge" data-testid="backend-in-use">
        {current ?? '…'}
      </span>
      <span className="muted">
        {measuring ? 'measuring backends…' : automatic ? 'fastest measured' : 'chosen by you'}
      </span>
      <button type="button" onClick={onMeasure} disabled={measuring}>
        Measure again
      </button>
    </div>
  );
}

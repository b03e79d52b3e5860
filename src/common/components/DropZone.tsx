import { useId, useState, type DragEvent, type ReactNode } from 'react';

interface DropZoneProps {
  /** What to drop or pick, as a short instruction. */
  label: ReactNode;
  hint?: ReactNode;
  accept?: string;
  multiple?: boolean;
  /** Picks a folder (with its subfolders) instead of files. */
  directory?: boolean;
  disabled?: boolean;
  testId?: string;
  /** Picked files; cleared from the input after each pick, so the same file can come again. */
  onFiles(files: File[]): void;
  /** A drop, for callers that walk dropped folders themselves; files are passed otherwise. */
  onDrop?(data: DataTransfer): void;
  compact?: boolean;
}

/**
 * A file input drawn as a drop zone: the whole zone is the input's label, so a click, Enter
 * or Space on it opens the browser's picker, and files dropped on it are taken too.
 */
export function DropZone({
  label,
  hint,
  accept,
  multiple,
  directory,
  disabled,
  testId,
  onFiles,
  onDrop,
  compact,
}: DropZoneProps) {
  const id = useId();
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    if (onDrop) onDrop(event.dataTransfer);
    else onFiles(Array.from(event.dataTransfer.files));
  };
  return (
    <div
      className={`dropzone${over ? ' over' : ''}${compact ? ' compact' : ''}${disabled ? ' disabled' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <input
        id={id}
        className="visually-hidden-input"
        type="file"
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        data-testid={testId}
        // A directory picker; React does not know the attribute, the DOM does.
        {...(directory ? { webkitdirectory: '' } : {})}
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <label htmlFor={id} className="dropzone-label">
        <span className="dropzone-icon" aria-hidden="true">
          ⇪
        </span>
        <span className="dropzone-text">{label}</span>
        {hint && <span className="dropzone-hint">{hint}</span>}
      </label>
    </div>
  );
}

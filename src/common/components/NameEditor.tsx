import { useState } from 'react';

interface NameEditorProps {
  /** What the field is for, for screen readers ("New name for …"). */
  label: string;
  initial: string;
  /** Enter: the typed name. The owner closes the editor when it has saved. */
  onSave: (name: string) => void;
  /** Escape, or leaving the field. */
  onCancel: () => void;
}

/** A name edited in place in a list: Enter saves, Escape or leaving the field cancels. */
export function NameEditor({ label, initial, onSave, onCancel }: NameEditorProps) {
  const [name, setName] = useState(initial);
  return (
    <input
      aria-label={label}
      value={name}
      autoFocus
      onChange={(event) => setName(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onSave(event.currentTarget.value);
        if (event.key === 'Escape') onCancel();
      }}
      onBlur={onCancel}
    />
  );
}

interface ErrorNoteProps {
  code: string;
  message: string;
}

const HINTS: Record<string, string> = {
  QuotaExceeded: 'Browser storage is full. Delete a dataset or model you no longer need.',
  BackendUnavailable: 'Pick another compute backend in the header.',
  EmptyDataset: 'Check that the file has a header row and at least one product.',
};

export function ErrorNote({ code, message }: ErrorNoteProps) {
  return (
    <div className="error" role="alert">
      <strong>{message}</strong>
      {HINTS[code] && <p>{HINTS[code]}</p>}
    </div>
  );
}

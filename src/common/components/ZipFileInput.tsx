interface ZipFileInputProps {
  label: string;
  testId: string;
  disabled: boolean;
  onFile: (file: File) => void;
}

/** A labelled picker for one .zip; cleared after each pick so the same file can be picked again. */
export function ZipFileInput({ label, testId, disabled, onFile }: ZipFileInputProps) {
  return (
    <label className="file-button">
      {label}
      <input
        type="file"
        accept=".zip,application/zip"
        data-testid={testId}
        disabled={disabled}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </label>
  );
}

/** A catalogue's name from its file: "spring-2026.csv" → "spring-2026". */
export function nameFromFile(fileName: string): string {
  return fileName.replace(/\.(csv|tsv|txt)$/i, '').trim() || fileName;
}

/**
 * The name, or the name with the first free number after it, so that two imports of files
 * called the same ("train.csv" from two folders) can be told apart: "train", "train (2)".
 */
export function uniqueName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.trim().toLowerCase()));
  if (!used.has(name.trim().toLowerCase())) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

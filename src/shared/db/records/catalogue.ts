/** Datasets as imported: the dataset record, its rows in chunks, and the import's problems. */
import type { ColumnMapping } from '../../contracts/import.ts';

/** One product as imported; `line` is where it starts in the source file. */
export interface StoredRow {
  line: number;
  id: string;
  title: string;
  description: string;
  category: string;
  image: string;
}

export interface ImportProblem {
  /** 1-based physical line where the record starts; 0 for notes about the whole file. */
  line: number;
  field: string;
  code: string;
  /** A sentence for people that names the line and the field. */
  message: string;
  skipped: boolean;
  /**
   * What the sentence names besides the line and the field (a file path, a count), so that the
   * page can say it in another language from the code.
   */
  params?: Record<string, string | number>;
}

/**
 * The file and columns of an import, so that one cut short (a closed tab, a full disk) can
 * continue from the same file instead of starting over; absent on datasets imported before
 * imports resumed.
 */
export interface ImportSource {
  size: number;
  lastModified: number;
  mapping: ColumnMapping;
}

export interface DatasetRecord {
  id: string;
  name: string;
  fileName: string;
  createdAt: number;
  /** 'importing' until the last chunk is stored, so a tab closed mid-import is visible as such. */
  status: 'importing' | 'ready';
  rowCount: number;
  chunkCount: number;
  classCounts: Record<string, number>;
  problems: ImportProblem[];
  skippedRows: number;
  source?: ImportSource;
}

/**
 * Rows are stored in chunks: one record per thousand rows keeps a large import fast. Every
 * chunk but the last holds the same number of rows, so a row's chunk follows from its position.
 */
export interface RowChunkRecord {
  datasetId: string;
  chunk: number;
  rows: StoredRow[];
}

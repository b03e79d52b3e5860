/** The import worker: reading a catalogue file into a stored dataset. */
import type { DatasetRecord, ImportProblem } from '../db/records/catalogue.ts';
import type { Cancellable, Job } from './jobs.ts';

/** What a column of a catalogue can hold, in the order the import screen lists them. */
export const COLUMN_ROLES = ['title', 'category', 'description', 'id', 'image'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];
export type ColumnMapping = Partial<Record<ColumnRole, string>>;
/** Without these a row cannot be trained on. */
export const REQUIRED_ROLES: readonly ColumnRole[] = ['title', 'category'];

export interface ImportPreview {
  headers: string[];
  delimiter: string;
  mapping: ColumnMapping;
  sample: string[][];
  encoding: 'utf-8' | 'windows-1252';
  /** Notes about the whole file, such as a byte order mark or a non-UTF-8 encoding. */
  problems: ImportProblem[];
}

export type ImportProgress = {
  kind: 'parse';
  bytes: number;
  totalBytes: number;
  rows: number;
  problems: number;
  etaMs: number | null;
};

export interface ImportRequest {
  file: Blob;
  fileName: string;
  name: string;
  mapping: ColumnMapping;
}

export interface ResumeImportRequest {
  datasetId: string;
  file: Blob;
  fileName: string;
}

export interface ImportApi extends Cancellable {
  preview(file: Blob): Promise<ImportPreview>;
  importCatalogue: Job<ImportRequest, ImportProgress, DatasetRecord>;
  /** Continues an import that stopped part-way, from the same file (checked by name and size). */
  resumeImport: Job<ResumeImportRequest, ImportProgress, DatasetRecord>;
}

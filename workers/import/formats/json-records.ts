/**
 * JSON catalogues: an array of product objects (or an object holding one, such as
 * `{"products": [...]}`), and JSON Lines (one object per line). Each object is flattened into
 * fields named by their path (`category.name`, `images[0].src`; lists of plain values joined
 * with commas), and those paths are the columns the owner maps. Arrays are cut into objects by
 * a scanner that tracks strings and nesting, so the file streams instead of being parsed whole.
 */
import { appError } from '@shared/errors.ts';
import { uniqueHeaders } from '../columns.ts';
import { DEFAULT_SLICE_BYTES, detectEncoding, TextSlices } from '../text-stream.ts';
import type { ProblemLog, RowProblem } from '../row-checks.ts';
import type {
  CatalogueFormat,
  OpenedSource,
  OpenOptions,
  RecordReader,
  SourceRecord,
} from './catalogue-format.ts';

const HEADER_RECORDS = 200;
const MAX_DEPTH = 4;

type Flat = Map<string, string>;

/** An object's values by path; nested deeper than MAX_DEPTH, a value is kept as JSON text. */
export function flatten(value: unknown, prefix = '', out: Flat = new Map(), depth = 0): Flat {
  // A null names no column: `"category": null` must not hide `category.name` of other records.
  if (value === null || value === undefined) return out;
  if (typeof value !== 'object') {
    out.set(prefix, String(value));
  } else if (depth >= MAX_DEPTH) {
    out.set(prefix, JSON.stringify(value));
  } else if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object'))
      out.set(
        prefix,
        value
          .filter((item) => item !== null)
          .map(String)
          .join(', '),
      );
    else flatten(value[0], `${prefix}[0]`, out, depth + 1);
  } else {
    for (const [key, item] of Object.entries(value as Record<string, unknown>))
      flatten(item, prefix ? `${prefix}.${key}` : key, out, depth + 1);
  }
  return out;
}

interface JsonRecord {
  line: number;
  value: unknown;
}

/** A stream of parsed records and the problems of those that did not parse. */
interface RecordSource {
  next(): Promise<JsonRecord[] | null>;
  readonly bytesRead: number;
  problems: RowProblem[];
}

/** JSON Lines: each non-blank line one object. */
class LineSource implements RecordSource {
  problems: RowProblem[] = [];
  private rest = '';
  private line = 0;
  constructor(private readonly slices: TextSlices) {}

  get bytesRead(): number {
    return this.slices.bytesRead;
  }

  async next(): Promise<JsonRecord[] | null> {
    for (;;) {
      const piece = await this.slices.read();
      const text = this.rest + (piece ?? '');
      const lines = text.split('\n');
      this.rest = piece === null ? '' : (lines.pop() ?? '');
      const out: JsonRecord[] = [];
      for (const raw of lines) {
        this.line++;
        const line = raw.trim();
        if (!line) continue;
        try {
          out.push({ line: this.line, value: JSON.parse(line) as unknown });
        } catch (error) {
          this.problems.push(invalid(this.line, error));
        }
      }
      if (out.length > 0) return out;
      if (piece === null) return null;
    }
  }
}

function invalid(line: number, error: unknown): RowProblem {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    line,
    field: 'row',
    code: 'InvalidRecord',
    message: `Line ${line} is not valid JSON (${reason}), so the record was skipped`,
    skipped: true,
  };
}

/**
 * A JSON array of objects, cut into objects by tracking strings and brackets: the records are
 * the objects one level inside the first array (top-level, or the first array value of the
 * top-level object).
 */
class ArraySource implements RecordSource {
  problems: RowProblem[] = [];
  private text = '';
  private at = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private recordDepth = -1;
  private start = -1;
  private startLine = 0;
  private found = 0;
  private ended = false;
  constructor(private readonly slices: TextSlices) {}

  get bytesRead(): number {
    return this.slices.bytesRead;
  }

  async next(): Promise<JsonRecord[] | null> {
    for (;;) {
      if (this.ended) return null;
      const piece = await this.slices.read();
      if (piece === null) {
        this.ended = true;
        return null;
      }
      const keep = this.start >= 0 ? this.start : this.at;
      this.text = this.text.slice(keep) + piece;
      this.at -= keep;
      if (this.start >= 0) this.start -= keep;
      const out = this.scan();
      if (out.length > 0) return out;
    }
  }

  private scan(): JsonRecord[] {
    const out: JsonRecord[] = [];
    const { text } = this;
    for (; this.at < text.length; this.at++) {
      const char = text[this.at];
      if (char === '\n') this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (char === '\\') this.escaped = true;
        else if (char === '"') this.inString = false;
        continue;
      }
      if (char === '"') this.inString = true;
      else if (char === '[' || char === '{') {
        if (char === '[' && this.recordDepth < 0 && this.depth <= 1)
          this.recordDepth = this.depth + 1;
        if (char === '{' && this.depth === this.recordDepth && this.start < 0) {
          this.start = this.at;
          this.startLine = this.line;
        }
        this.depth++;
      } else if (char === ']' || char === '}') {
        this.depth--;
        if (char === '}' && this.depth === this.recordDepth && this.start >= 0) {
          const source = text.slice(this.start, this.at + 1);
          try {
            out.push({ line: this.startLine, value: JSON.parse(source) as unknown });
          } catch (error) {
            this.problems.push(invalid(this.startLine, error));
          }
          this.found++;
          this.start = -1;
        }
        // The end of the records' array; an array without objects before it was not theirs.
        if (char === ']' && this.depth < this.recordDepth)
          this.recordDepth = this.found > 0 ? Number.POSITIVE_INFINITY : -1;
      }
    }
    return out;
  }
}

class JsonRecords implements RecordReader {
  constructor(
    private readonly source: RecordSource,
    private readonly queued: JsonRecord[],
    private readonly headers: string[],
    private readonly problems: ProblemLog,
  ) {}

  async next(): Promise<SourceRecord[] | null> {
    const batch = this.queued.length > 0 ? this.queued.splice(0) : await this.source.next();
    for (const problem of this.source.problems.splice(0)) this.problems.add(problem);
    if (!batch) return null;
    return batch.map(({ line, value }) => {
      const flat = flatten(value);
      return { line, fields: this.headers.map((header) => flat.get(header) ?? '') };
    });
  }

  bytesParsed(): number {
    return this.source.bytesRead;
  }
}

/** JSON Lines when the first line is a whole object and another object follows it. */
function isJsonLines(head: string): boolean {
  const lines = head
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length < 2 || !lines[0]?.startsWith('{') || !lines[1]?.startsWith('{')) return false;
  try {
    JSON.parse(lines[0]);
    return true;
  } catch {
    return false;
  }
}

async function openJson(file: Blob, options: OpenOptions): Promise<OpenedSource> {
  const sliceBytes = options.sliceBytes ?? DEFAULT_SLICE_BYTES;
  const encoding = await detectEncoding(file, sliceBytes, options.encoding);
  const headSlices = new TextSlices(file, encoding, Math.min(sliceBytes, 64 * 1024));
  const head = (await headSlices.read()) ?? '';
  const lines = isJsonLines(head);
  const slices = new TextSlices(file, encoding, sliceBytes);
  const source: RecordSource = lines ? new LineSource(slices) : new ArraySource(slices);
  const queued: JsonRecord[] = [];
  while (queued.length < HEADER_RECORDS) {
    const batch = await source.next();
    if (!batch) break;
    queued.push(...batch);
  }
  const objects = queued.filter(
    ({ value }) => value !== null && typeof value === 'object' && !Array.isArray(value),
  );
  if (objects.length === 0) {
    const problem = source.problems[0];
    throw problem
      ? appError('InvalidInput', problem.message)
      : appError(
          'EmptyDataset',
          'The JSON file holds no product objects (an array of objects, or one object per line).',
        );
  }
  const seen = new Set<string>();
  for (const { value } of objects) for (const key of flatten(value).keys()) seen.add(key);
  const headers = uniqueHeaders([...seen]).headers;
  const first = flatten(objects[0]?.value);
  const sampleLine = [...first.values()].slice(0, 4).join(' | ').slice(0, 200);
  return {
    kind: lines ? 'jsonl' : 'json',
    formatId: lines ? 'jsonl' : 'json',
    headers,
    encoding: encoding.encoding,
    encodingCandidates: [{ encoding: encoding.encoding, sampleLine }],
    sampleLine,
    delimiter: null,
    sheets: [],
    sheet: null,
    options: { encoding: encoding.encoding },
    fileProblems: [],
    records: (problems) => new JsonRecords(source, queued, headers, problems),
  };
}

/** After a byte order mark and white space, `[` or `{`. */
function looksLikeJson(bytes: Uint8Array): boolean {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[at] as number)) at++;
  return bytes[at] === 0x5b || bytes[at] === 0x7b;
}

export const jsonRecords: CatalogueFormat = {
  name: 'JSON',
  detect: ({ bytes }) => looksLikeJson(bytes),
  open: openJson,
};

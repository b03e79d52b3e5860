/**
 * Merchant Center XML feeds: RSS 2.0 (`<item>`) and Atom (`<entry>`), product attributes in the
 * `g:` namespace (http://base.google.com/ns/1.0), values in CDATA or text, streamed through
 * saxes so a feed of any size is read a slice at a time. Each item becomes a record whose
 * fields are its attributes by local name (`g:title` wins over RSS `<title>`; Atom's link is its
 * `href`); nested attributes (shipping, tax) and repeats after the first are left out.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
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

export const GOOGLE_NAMESPACE = 'http://base.google.com/ns/1.0';
/** Items read before the headers are settled: their attributes are the columns. */
const HEADER_ITEMS = 200;
const PREFERRED = [
  'id',
  'title',
  'description',
  'link',
  'image_link',
  'google_product_category',
  'product_type',
  'item_group_id',
  'brand',
];

interface Item {
  line: number;
  values: Map<string, string>;
}

/** Drives saxes over the file's text and collects items as they close. */
class FeedParser {
  readonly items: Item[] = [];
  root: 'rss' | 'atom' | null = null;
  failure: RowProblem | null = null;
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private item: Item | null = null;
  private depth = 0;
  private itemDepth = -1;
  private field: { name: string; google: boolean; text: string } | null = null;
  private fromGoogle = new Set<string>();
  done = false;

  constructor(private readonly slices: TextSlices) {
    const parser = this.parser;
    parser.on('opentag', (tag) => this.open(tag as SaxesTagNS));
    parser.on('closetag', () => this.close());
    parser.on('text', (text) => this.text(text));
    parser.on('cdata', (text) => this.text(text));
  }

  private open(tag: SaxesTagNS): void {
    this.depth++;
    if (this.depth === 1)
      this.root = tag.local === 'feed' ? 'atom' : tag.local === 'rss' ? 'rss' : null;
    if (!this.item && (tag.local === 'item' || tag.local === 'entry')) {
      this.item = { line: this.parser.line, values: new Map() };
      this.itemDepth = this.depth;
      this.fromGoogle = new Set();
      return;
    }
    if (this.item && this.depth === this.itemDepth + 1) {
      const google = tag.uri === GOOGLE_NAMESPACE;
      this.field = { name: tag.local, google, text: '' };
      const href = tag.attributes.href;
      if (tag.local === 'link' && href && typeof href === 'object') this.field.text = href.value;
    }
  }

  private text(text: string): void {
    if (this.field && this.depth === this.itemDepth + 1) this.field.text += text;
  }

  private close(): void {
    if (this.item && this.depth === this.itemDepth + 1 && this.field) {
      const { name, google, text } = this.field;
      const value = text.trim();
      const values = this.item.values;
      if (value && (!values.has(name) || (google && !this.fromGoogle.has(name)))) {
        values.set(name, value);
        if (google) this.fromGoogle.add(name);
      }
      this.field = null;
    } else if (this.item && this.depth === this.itemDepth) {
      this.items.push(this.item);
      this.item = null;
    }
    this.depth--;
  }

  /** Parses the next slice; false once the file is read (or broken). */
  async step(): Promise<boolean> {
    if (this.done) return false;
    const piece = await this.slices.read();
    try {
      if (piece === null) {
        this.parser.close();
        this.done = true;
        return false;
      }
      this.parser.write(piece);
    } catch (error) {
      const line = this.parser.line;
      const reason =
        error instanceof Error ? error.message.replace(/^[^:]*:\d+:\d+: /, '') : String(error);
      this.failure = {
        line,
        field: 'file',
        code: 'InvalidRecord',
        message: `Line ${line}: the XML is broken here (${reason}); the products before it were read, the rest of the file was not.`,
        skipped: true,
      };
      this.done = true;
      return false;
    }
    return true;
  }
}

class FeedRecords implements RecordReader {
  constructor(
    private readonly feed: FeedParser,
    private readonly headers: string[],
    private readonly slices: TextSlices,
    private readonly problems: ProblemLog,
  ) {}

  async next(): Promise<SourceRecord[] | null> {
    while (this.feed.items.length === 0 && (await this.feed.step()));
    if (this.feed.items.length === 0) {
      if (this.feed.failure) {
        this.problems.add(this.feed.failure);
        this.feed.failure = null;
      }
      return null;
    }
    const items = this.feed.items.splice(0);
    return items.map((item) => ({
      line: item.line,
      fields: this.headers.map((header) => item.values.get(header) ?? ''),
    }));
  }

  bytesParsed(): number {
    return this.slices.bytesRead;
  }
}

/** `<?xml … encoding="ISO-8859-1"?>` read as Windows-1252 (its superset); other declarations as detected. */
function declaredEncoding(head: Uint8Array) {
  const declaration = /^\s*<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(
    new TextDecoder('latin1').decode(head.subarray(0, 200)),
  );
  const name = declaration?.[1]?.toLowerCase();
  if (!name) return undefined;
  if (name === 'iso-8859-1' || name === 'latin1' || name === 'windows-1252')
    return 'windows-1252' as const;
  if (name === 'shift_jis' || name === 'euc-jp' || name === 'big5' || name === 'euc-kr')
    return name;
  if (name === 'gbk' || name === 'gb2312' || name === 'gb18030') return 'gb18030' as const;
  return undefined;
}

async function openFeed(file: Blob, options: OpenOptions): Promise<OpenedSource> {
  const sliceBytes = options.sliceBytes ?? DEFAULT_SLICE_BYTES;
  const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
  const encoding = await detectEncoding(
    file,
    sliceBytes,
    options.encoding ?? declaredEncoding(head),
  );
  const slices = new TextSlices(file, encoding, sliceBytes);
  const feed = new FeedParser(slices);
  while (feed.items.length < HEADER_ITEMS && (await feed.step()));
  if (!feed.root)
    throw appError(
      'InvalidInput',
      'This XML file is not a product feed: it is neither RSS 2.0 (<rss>) nor Atom (<feed>).',
    );
  if (feed.items.length === 0) {
    if (feed.failure) throw appError('InvalidInput', feed.failure.message);
    throw appError(
      'EmptyDataset',
      `The ${feed.root === 'rss' ? 'RSS' : 'Atom'} feed has no products.`,
    );
  }
  const seen: string[] = [];
  for (const item of feed.items)
    for (const name of item.values.keys()) if (!seen.includes(name)) seen.push(name);
  const ordered = [
    ...PREFERRED.filter((name) => seen.includes(name)),
    ...seen.filter((name) => !PREFERRED.includes(name)),
  ];
  const headers = uniqueHeaders(ordered).headers;
  const first = feed.items[0] as Item;
  return {
    kind: 'xml',
    formatId: feed.root,
    headers,
    encoding: encoding.encoding,
    encodingCandidates: [
      {
        encoding: encoding.encoding,
        sampleLine: [...first.values.values()].slice(0, 3).join(' | ').slice(0, 200),
      },
    ],
    sampleLine: (first.values.get('title') ?? '').slice(0, 200),
    delimiter: null,
    sheets: [],
    sheet: null,
    options: { encoding: encoding.encoding },
    fileProblems: encoding.hadByteOrderMark
      ? [
          {
            line: 0,
            field: 'file',
            code: 'ByteOrderMark',
            message: 'The file starts with a byte order mark (BOM); it was removed.',
            skipped: false,
          },
        ]
      : [],
    records: (problems) => new FeedRecords(feed, headers, slices, problems),
  };
}

/** After a byte order mark and white space, an XML declaration or an <rss>/<feed> root. */
function looksLikeXml(bytes: Uint8Array): boolean {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const text = new TextDecoder('latin1').decode(bytes.subarray(start, start + 1024)).trimStart();
  return /^<\?xml|^<rss[\s>]|^<feed[\s>]/i.test(text);
}

export const merchantXml: CatalogueFormat = {
  name: 'XML feed',
  detect: ({ bytes }) => looksLikeXml(bytes),
  open: openFeed,
};

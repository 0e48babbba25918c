/**
 * Read what a user points `marsad ingest` at — files, folders, `-` (stdin), http(s) URLs, a watched folder — and
 * turn it into a stream of raw items, one per article: a .txt/.html/.json file, each line of a .jsonl(.gz) corpus,
 * each element of a JSON array, each entry of an RSS 2.0 / RSS 1.0 / Atom feed, a fetched page.
 *
 * Streaming and failure: JSONL is read line by line (gzip is inflated as it streams, so a 30 MB corpus is never
 * held in memory); an item that cannot be read (bad JSON line, undecodable file, feed entry without text, a
 * truncated gzip tail, an unreachable URL) becomes an error item and the stream goes on.
 *
 * Field detection for JSON objects (JSONL lines, .json files): `inputFromObject`'s defaults — text from
 * text/content/body/article (else html → text), title/headline, published from published/time/date/pubDate/
 * datePublished/…/date_extracted, url/link, source/outlet/site, id/docno/guid. A field map (`--map`) names other
 * fields, dotted paths allowed (`published=meta.date`), or `-` for "this input has none".
 *
 * SaudiNewsNet: its `date_extracted` is the time the article was crawled, not its publication date, and the
 * defaults would take it as `published`. Ingest it with `--map published=-` (no publication date; the pipeline then
 * dates the article from its text), or with `publishedIsCrawlTime` set, which keeps the other publication-date
 * fields but never takes `date_extracted` as one.
 */
import { createReadStream, watch, type FSWatcher } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser } from 'htmlparser2';
import type { SourceInput } from '../doc.js';
import type { Message } from '../types.js';
import { UsageError } from '../cli/usage-error.js';
import { boundedLines, environmentBudgets, readBounded, sizeExceeded } from '../budgets.js';
import { htmlToText } from './html-to-text.js';
import { InputError, decodeBytes, inputFromBytes, inputFromObject, type InputOverrides } from './read-input.js';

/** An article read from a source: where it came from, its raw form (hashed into the document id) and its fields. */
export interface ReadItem {
  /** `path`, `path:LINE` (JSONL, 1-based), `path#N` (JSON array element), `url#N` (feed entry), `-`, `-:LINE`. */
  origin: string;
  /** The raw input exactly as given: the file decoded, the JSONL line, the feed entry's XML. */
  raw: string;
  input: SourceInput;
}

/** Something that could not be read; the stream goes on after it. */
export interface ReadFailure {
  origin: string;
  /** The raw text when there was one (a bad JSONL line, a feed entry), else null. */
  raw: string | null;
  /** What is wrong, for the user. */
  error: string;
}

/** One item of a source stream: an article, or the reason one could not be read. */
export type SourceItem = ReadItem | ReadFailure;

/** The fields a field map can point elsewhere. */
export type FieldName = 'text' | 'html' | 'title' | 'published' | 'url' | 'source' | 'id';

/** For each mapped field, the dotted path it is read from, or null (`-`): the input has no such field. */
export type FieldMap = Partial<Record<FieldName, string | null>>;

/** How to read sources. */
export interface ReadOptions {
  /** Where JSON objects keep their fields, when not under the usual names (`--map`). */
  map?: FieldMap | undefined;
  /** The inputs' `date_extracted` is a crawl time (SaudiNewsNet): never take it as the publication date. */
  publishedIsCrawlTime?: boolean | undefined;
  /** Metadata from the command line (`--source`, …); overrides what each item says. */
  overrides?: InputOverrides | undefined;
  /** What `-` reads; process.stdin when not given. */
  stdin?: AsyncIterable<Uint8Array> | undefined;
  /** Time allowed for fetching one URL, in ms (default 30 s). */
  timeoutMs?: number | undefined;
  /** Stops fetches in flight (and `watchFolder`'s reads). */
  signal?: AbortSignal | undefined;
  /** watchFolder: how long a new file's size must stay the same before it is read, in ms (default 500). */
  debounceMs?: number | undefined;
  /** watchFolder: how often the folder is rescanned when fs.watch says nothing, in ms (default 2000). */
  pollMs?: number | undefined;
  /**
   * Most bytes of one document (a file read whole, after gunzip, or one JSONL line); a bigger one is an error item,
   * counted but never held. Default: the environment's budget (src/budgets.ts).
   */
  maxBytes?: number | undefined;
}

const FIELD_NAMES: readonly FieldName[] = ['text', 'html', 'title', 'published', 'url', 'source', 'id'];

// The names inputFromObject looks under, per field (mirrors read-input.ts): a mapped field must hide them all,
// so that a map saying "published is nowhere" is not undone by a default name.
const DEFAULT_NAMES: Record<FieldName, readonly string[]> = {
  text: ['text', 'content', 'body', 'article'],
  html: ['html'],
  title: ['title', 'headline'],
  source: ['source', 'outlet', 'site'],
  url: ['url', 'link'],
  published: ['published', 'time', 'date', 'pubDate', 'date_published', 'datePublished', 'published_at', 'date_extracted'],
  id: ['id', 'docno', 'doc_id', 'guid'],
};
/** Fields that hold the time an article was crawled, not published. */
const CRAWL_TIME_FIELDS = ['date_extracted'];

/**
 * Parse `--map text=content,published=-,url=meta.link`: each target field and the dotted path it is read from,
 * `-` for none. Unknown targets, empty paths and repeats throw a UsageError that says what is allowed.
 */
export function parseFieldMap(spec: string): FieldMap {
  const map: FieldMap = {};
  const allowed = FIELD_NAMES.join(', ');
  for (const part of spec.split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) throw new UsageError(`--map: "${pair}" is not FIELD=PATH (e.g. text=content,published=-)`);
    const target = pair.slice(0, eq).trim();
    const path = pair.slice(eq + 1).trim();
    if (!(FIELD_NAMES as readonly string[]).includes(target)) throw new UsageError(`--map: unknown field "${target}"; the fields are ${allowed}`);
    const field = target as FieldName;
    if (field in map) throw new UsageError(`--map: field "${field}" is mapped twice`);
    if (path === '') throw new UsageError(`--map: "${pair}" names no source field; give a field name, a dotted path, or - for none`);
    if (path === '-') {
      if (field === 'text') throw new UsageError('--map: text=- would leave nothing to analyze; name the field that holds the article text');
      map[field] = null;
      continue;
    }
    if (path.split('.').some((segment) => segment === '')) throw new UsageError(`--map: "${path}" is not a dotted path like meta.date`);
    map[field] = path;
  }
  return map;
}

// ---------------------------------------------------------------------------------------------------------------
// Sources

const DEFAULT_TIMEOUT_MS = 30_000;
/** Extensions read when found in a folder (files named on the command line are read whatever their name). */
const DOC_EXTENSIONS = new Set(['txt', 'text', 'html', 'htm', 'xhtml', 'json', 'xml', 'rss', 'atom']);
const LINE_EXTENSIONS = new Set(['jsonl', 'ndjson']);

/**
 * The items of every source in order. `paths` may hold files, folders (read recursively in sorted order,
 * dotfiles skipped, only files with a known extension or none), `-` for stdin, and http(s) URLs.
 */
export async function* readSources(paths: string[], options: ReadOptions = {}): AsyncGenerator<SourceItem> {
  for (const path of paths) {
    if (path === '-') yield* guarded('-', () => readStdin(options.stdin ?? process.stdin, options));
    else if (/^https?:\/\//i.test(path)) yield* guarded(path, () => readUrl(path, options));
    else yield* guarded(path, () => readPath(path, options));
  }
}

/** Stdin (or any byte stream): JSONL when its first non-blank line is a JSON object, else one document. */
export async function* readStdin(stream: AsyncIterable<Uint8Array>, options: ReadOptions = {}, origin = '-'): AsyncGenerator<SourceItem> {
  yield* readBytes(stream, null, origin, options, {});
}

/** Turn any exception into an error item, so that one bad source never stops the others. */
async function* guarded(origin: string, items: () => AsyncGenerator<SourceItem>): AsyncGenerator<SourceItem> {
  try {
    yield* items();
  } catch (error) {
    yield failure(origin, null, error);
  }
}

function failure(origin: string, raw: string | null, error: unknown): ReadFailure {
  return { origin, raw, error: explain(error) };
}

function explain(error: unknown): string {
  if (error instanceof InputError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return `no such file or folder: ${e.path ?? ''}`.trim();
  if (e?.code === 'EACCES') return `permission denied: ${e.path ?? ''}`.trim();
  if (e?.code?.startsWith('Z_') || /incorrect header check|unexpected end of file|invalid (?:block|distance|stored|code)/i.test(e?.message ?? '')) {
    return `gzip data is corrupt or truncated: ${e.message}`;
  }
  return e?.message ?? String(error);
}

/** A file, or every file of a folder tree. */
async function* readPath(path: string, options: ReadOptions): AsyncGenerator<SourceItem> {
  const info = await stat(path);
  if (info.isDirectory()) {
    for (const file of await listFiles(path, new Set())) yield* guarded(file, () => readFile(file, options));
  } else yield* readFile(path, options);
}

/** The article files under `dir`, depth first in code-point order of names; dotfiles and dot-folders skipped. */
async function listFiles(dir: string, visited: Set<string>): Promise<string[]> {
  const real = await realpath(dir);
  if (visited.has(real)) return []; // a symlink loop
  visited.add(real);
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => null);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) files.push(...(await listFiles(full, visited)));
    else if (isFile && readableInFolder(entry.name)) files.push(full);
  }
  return files;
}

/** Whether a file met in a folder is an article source: a known extension (optionally .gz), or none at all. */
function readableInFolder(name: string): boolean {
  const ext = extension(innerName(name));
  return ext === null || DOC_EXTENSIONS.has(ext) || LINE_EXTENSIONS.has(ext);
}

/** The name without a trailing `.gz` (what the compressed content is). */
function innerName(name: string): string {
  return name.replace(/\.gz$/i, '');
}

function extension(name: string): string | null {
  const base = basename(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : null;
}

async function* readFile(path: string, options: ReadOptions): AsyncGenerator<SourceItem> {
  yield* readBytes(createReadStream(path), innerName(path), path, options, {});
}

/** What is known about a byte stream besides its name. */
interface Hints {
  /** The charset the server declared. */
  charset?: string | undefined;
  /** The URL relative feed links resolve against. */
  base?: string | undefined;
}

/**
 * Items from a byte stream: gzip and UTF-16 are recognised by their first bytes; JSONL (by name, or, for an
 * unknown name, by a first line that is a JSON object) is streamed line by line, anything else read whole.
 */
async function* readBytes(
  source: AsyncIterable<Uint8Array>,
  name: string | null,
  origin: string,
  options: ReadOptions,
  hints: Hints,
): AsyncGenerator<SourceItem> {
  const maxBytes = options.maxBytes ?? environmentBudgets().maxBytes;
  let bytes = await gunzipIfGzip(source);
  bytes = await utf8IfUtf16(bytes);
  const ext = name === null ? null : extension(name);
  let lines = ext !== null && LINE_EXTENSIONS.has(ext);
  if (!lines && (ext === null || !DOC_EXTENSIONS.has(ext))) {
    // Peek no further than a document may be: a first line still open there is refused by its size either way, as
    // the first line of a JSONL stream when it opens an object (the lines after it are read), else as the document.
    const peeked = await peek(bytes, (head) => hasFirstLine(head) || head.length > maxBytes);
    bytes = peeked.rest;
    lines = looksLikeJsonl(peeked.head) || (!hasFirstLine(peeked.head) && peeked.head.length > maxBytes && opensObject(peeked.head));
  }
  if (lines) {
    yield* jsonlItems(bytes, origin, options, maxBytes);
    return;
  }
  const whole = await readBounded(bytes, maxBytes);
  yield* documentItems(whole, name, origin, options, hints);
}

// ---------------------------------------------------------------------------------------------------------------
// Byte streams

/** The first bytes of a stream (as much as `enough` wants, or all there is) and the whole stream again. */
async function peek(
  source: AsyncIterable<Uint8Array>,
  enough: (head: Buffer) => boolean,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let head = Buffer.alloc(0);
  let ended = false;
  while (!enough(head)) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    head = Buffer.concat(chunks);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { head, rest: rest() };
}

async function gunzipIfGzip(source: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Buffer>> {
  const { head, rest } = await peek(source, (h) => h.length >= 2);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return rest;
  const gunzip = createGunzip();
  // pipeline passes a read error on to the gunzip stream, whose iterator then throws it to the reader.
  pipeline(Readable.from(rest), gunzip, () => {});
  return gunzip;
}

/** UTF-16 (with BOM) becomes UTF-8, so that lines can be split on the newline byte. */
async function utf8IfUtf16(source: AsyncIterable<Buffer>): Promise<AsyncIterable<Buffer>> {
  const { head, rest } = await peek(source, (h) => h.length >= 2);
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
  if (encoding === null) return rest;
  async function* transcode(): AsyncGenerator<Buffer> {
    const decoder = new TextDecoder(encoding!);
    for await (const chunk of rest) yield Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
    yield Buffer.from(decoder.decode(), 'utf8');
  }
  return transcode();
}

/** Whether `head` holds a complete non-blank first line. */
function hasFirstLine(head: Buffer): boolean {
  let from = 0;
  for (;;) {
    const nl = head.indexOf(0x0a, from);
    if (nl < 0) return false;
    if (head.subarray(from, nl).toString('utf8').trim() !== '') return true;
    from = nl + 1;
  }
}

/** Whether the bytes start (after a BOM and blanks) with `{`. */
function opensObject(head: Buffer): boolean {
  return /^\uFEFF?\s*\{/.test(head.subarray(0, 1024).toString('utf8'));
}

/** Whether the first non-blank line is a JSON object on its own (JSONL), not the start of a pretty-printed one. */
function looksLikeJsonl(head: Buffer): boolean {
  const line = head.toString('utf8').replace(/^\uFEFF/, '').split('\n').find((l) => l.trim() !== '');
  if (line === undefined || !line.trim().startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

/**
 * One item per non-blank line (a line over `maxBytes` is an error item); a read error (corrupt or truncated gzip)
 * ends the stream with an error item.
 */
async function* jsonlItems(source: AsyncIterable<Buffer>, origin: string, options: ReadOptions, maxBytes: number): AsyncGenerator<SourceItem> {
  let n = 0;
  try {
    for await (const bytes of boundedLines(source, maxBytes)) {
      n++;
      if (!Buffer.isBuffer(bytes)) {
        yield failure(`${origin}:${n}`, null, sizeExceeded(bytes.oversize, maxBytes));
        continue;
      }
      const messages: Message[] = [];
      const line = decodeBytes(bytes, messages).replace(/\r$/, '');
      if (line.trim() === '') continue;
      yield lineItem(line, `${origin}:${n}`, messages, options);
    }
  } catch (error) {
    yield failure(`${origin}:${n + 1}`, null, new InputError(`${explain(error)} (after line ${n}; the lines before were read)`));
  }
}

function lineItem(line: string, origin: string, messages: Message[], options: ReadOptions): SourceItem {
  try {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(`not valid JSON: ${(error as Error).message}`);
    }
    const input = inputFromFields(value, line, options);
    if (messages.length > 0) input.messages = [...messages, ...(input.messages ?? [])];
    return checked(origin, line, input);
  } catch (error) {
    return failure(origin, line, error);
  }
}

/** An item, or an error item when the input has no text to analyze. */
function checked(origin: string, raw: string, input: SourceInput): SourceItem {
  if (input.text.trim() === '') return failure(origin, raw, new InputError('no article text (the text is empty)'));
  return { origin, raw, input };
}

/** A SourceInput from a JSON object, its fields found under the default names or where the field map says. */
export function inputFromFields(value: unknown, raw: string, options: ReadOptions = {}): SourceInput {
  const map = options.map ?? {};
  const mapped = Object.keys(map) as FieldName[];
  if ((mapped.length === 0 && !options.publishedIsCrawlTime) || typeof value !== 'object' || value === null || Array.isArray(value)) {
    return inputFromObject(value, raw, options.overrides ?? {});
  }
  return inputFromObject(remap(value as Record<string, unknown>, map, options), raw, options.overrides ?? {});
}

/**
 * A copy of `obj` in which each mapped field sits under its own name (`text`, `published`, …) and the default
 * names of mapped fields are gone, so inputFromObject finds exactly what the map says.
 */
function remap(obj: Record<string, unknown>, map: FieldMap, options: ReadOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  // text and html are one thing, the article: mapping either replaces the defaults of both.
  const textMapped = 'text' in map || 'html' in map;
  for (const field of FIELD_NAMES) {
    const hidden = field === 'text' || field === 'html' ? textMapped : field in map;
    if (hidden) for (const name of DEFAULT_NAMES[field]) delete out[name];
  }
  if (options.publishedIsCrawlTime && !('published' in map)) for (const name of CRAWL_TIME_FIELDS) delete out[name];
  for (const field of FIELD_NAMES) {
    const path = map[field];
    if (path === undefined || path === null) continue;
    const v = valueAt(obj, path);
    if (v === undefined || v === null) continue;
    if (typeof v === 'number' && field === 'id') out[field] = String(v);
    else if (typeof v === 'string') out[field] = v;
    else throw new InputError(`field "${path}" (mapped to ${field} by --map) must be a string, got ${Array.isArray(v) ? 'an array' : typeof v}`);
  }
  if (textMapped && out.text === undefined && out.html === undefined) {
    const named = [map.text, map.html].filter((p): p is string => typeof p === 'string').map((p) => `"${p}"`);
    throw new InputError(`the object has no article text: no field ${named.join(' or ')} (the --map for text/html)`);
  }
  return out;
}

/** The value at a dotted path (`meta.date`); a key that itself contains the dots wins. */
function valueAt(obj: Record<string, unknown>, path: string): unknown {
  if (path in obj) return obj[path];
  let v: unknown = obj;
  for (const segment of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[segment];
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Whole documents

/** The items of a document read whole: a feed's entries, a JSON object or array, a page, a text. */
function* documentItems(bytes: Buffer, name: string | null, origin: string, options: ReadOptions, hints: Hints): Generator<SourceItem> {
  let text: string;
  let messages: Message[];
  try {
    ({ text, messages } = decodeDocument(bytes, hints.charset));
  } catch (error) {
    yield failure(origin, null, error);
    return;
  }
  if (looksLikeFeed(text)) {
    yield* feedItems(text, origin, options, hints.base);
    return;
  }
  const ext = name === null ? null : extension(name);
  if (ext === 'xml' || ext === 'rss' || ext === 'atom') {
    yield failure(origin, text, new InputError(`${origin} is not an RSS or Atom feed (its root element is not <rss>, <feed> or <rdf:RDF>)`));
    return;
  }
  const head = text.trimStart()[0];
  if (ext === 'json' || (!(ext !== null && DOC_EXTENSIONS.has(ext)) && (head === '{' || head === '['))) {
    yield* jsonItems(text, messages, origin, options);
    return;
  }
  try {
    // inputFromBytes tells text from HTML by the name, else by the content; the text is UTF-8 by now.
    const input = inputFromBytes(Buffer.from(text, 'utf8'), name, options.overrides ?? {});
    if (messages.length > 0) input.messages = [...messages, ...(input.messages ?? [])];
    yield checked(origin, text, input);
  } catch (error) {
    yield failure(origin, text, error);
  }
}

/** An array element's JSON (its raw input); one nested too deeply to write back is an InputError. */
function elementJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    throw new InputError(`the element cannot be written back as JSON (${(error as Error).message}); it is nested too deeply to be an article`);
  }
}

function* jsonItems(text: string, messages: Message[], origin: string, options: ReadOptions): Generator<SourceItem> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    yield failure(origin, text, new InputError(`${origin} is not valid JSON: ${(error as Error).message}`));
    return;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [`${origin}#${i + 1}`, v, null] as const) : [[origin, value, text] as const];
  for (const [where, entry, whole] of entries) {
    let raw: string | null = whole;
    try {
      raw ??= elementJson(entry);
      const input = inputFromFields(entry, raw, options);
      if (messages.length > 0) input.messages = [...messages, ...(input.messages ?? [])];
      yield checked(where, raw, input);
    } catch (error) {
      yield failure(where, raw, error);
    }
  }
}

/**
 * Decode a document: BOM-marked UTF-8/16, valid UTF-8, else the charset the server or the document declares
 * (windows-1256 is still met on Arabic sites), else UTF-8 with replacements — unless it is binary or mostly
 * undecodable, which is an error rather than an article of U+FFFD.
 */
function decodeDocument(bytes: Buffer, charset: string | undefined): { text: string; messages: Message[] } {
  const messages: Message[] = [];
  const bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xef && bytes[1] === 0xbb);
  if (!bom && !isUtf8(bytes)) {
    const declared = charset ?? declaredCharset(bytes);
    if (declared !== null && !/^utf-?8$/i.test(declared)) {
      try {
        return { text: new TextDecoder(declared).decode(bytes), messages };
      } catch {
        // An unknown label: decode as UTF-8 below.
      }
    }
  }
  const text = decodeBytes(bytes, messages);
  if (text.includes('\u0000')) throw new InputError('binary data, not text (a NUL byte was found); give UTF-8 or UTF-16 text');
  const replaced = text.match(/\uFFFD/g)?.length ?? 0;
  if (replaced > 16 && replaced > text.length / 50) {
    throw new InputError(`not UTF-8 text (${replaced} undecodable byte sequences) and no charset is declared; convert it to UTF-8`);
  }
  return { text, messages };
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The charset an XML declaration or HTML meta tag near the top declares. */
function declaredCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 2048).toString('latin1');
  return /<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ?? /<meta[^>]*charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Feeds

/** Whether the document's root element (after the XML declaration, comments, doctype) is a feed's. */
function looksLikeFeed(text: string): boolean {
  let head = text.slice(0, 8192).replace(/^\uFEFF/, '');
  for (;;) {
    const before = head;
    head = head.replace(/^\s+/, '').replace(/^<\?[\s\S]*?\?>/, '').replace(/^<!--[\s\S]*?-->/, '').replace(/^<!DOCTYPE[^>]*>/i, '');
    if (head === before) break;
  }
  return /^<(?:rss|feed|rdf:RDF|[\w-]+:feed)[\s>/]/i.test(head);
}

/** One feed entry's child elements, by lower-cased name (prefixed names keep their prefix: content:encoded). */
interface Entry {
  start: number;
  fields: Map<string, string>;
  attrs: Map<string, Record<string, string>>;
  /** Atom links: rel and href. */
  links: Array<{ rel: string; href: string }>;
}

/** One item per `<item>`/`<entry>`: title, link, date, HTML text, id; the outlet is the channel's title. */
function* feedItems(xml: string, origin: string, options: ReadOptions, base: string | undefined): Generator<SourceItem> {
  const { entries, channelTitle } = parseFeed(xml);
  let n = 0;
  for (const { entry, raw } of entries) {
    n++;
    const where = `${origin}#${n}`;
    try {
      yield checked(where, raw, entryInput(entry, raw, channelTitle, options, base));
    } catch (error) {
      yield failure(where, raw, error);
    }
  }
}

function localName(name: string): string {
  const lower = name.toLowerCase();
  // Atom and RSS under a prefix are the plain elements; other prefixes (content:, dc:, media:) stay apart.
  return lower.replace(/^(?:atom|rss|rdf|a10):/, '');
}

/** The entries (with their exact XML) and the channel's title, read with a streaming XML parser. */
function parseFeed(xml: string): { entries: Array<{ entry: Entry; raw: string }>; channelTitle: string | null } {
  const entries: Array<{ entry: Entry; raw: string }> = [];
  const stack: string[] = [];
  let channelTitle: string | null = null;
  let entry: Entry | null = null;
  let entryDepth = -1;
  // The child element of the entry (or the channel's title) being captured, and its content so far.
  let capture: { name: string; depth: number; xhtml: boolean; text: string } | null = null;
  const parser = new Parser(
    {
      onopentag(rawName, attribs) {
        const name = localName(rawName);
        const attrs = Object.fromEntries(Object.entries(attribs).map(([k, v]) => [k.toLowerCase(), v]));
        if (capture !== null && capture.xhtml) capture.text += `<${name}${Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('')}>`;
        stack.push(name);
        const depth = stack.length;
        if (entry === null && (name === 'item' || name === 'entry')) {
          entry = { start: parser.startIndex, fields: new Map(), attrs: new Map(), links: [] };
          entryDepth = depth;
          return;
        }
        if (entry !== null && depth === entryDepth + 1 && capture === null) {
          if (name === 'link' && attrs.href !== undefined) entry.links.push({ rel: (attrs.rel ?? 'alternate').toLowerCase(), href: attrs.href });
          capture = { name, depth, xhtml: attrs.type?.toLowerCase() === 'xhtml', text: '' };
          if (!entry.attrs.has(name)) entry.attrs.set(name, attrs);
        } else if (entry === null && capture === null && name === 'title' && channelTitle === null && (stack[depth - 2] === 'channel' || stack[depth - 2] === 'feed')) {
          capture = { name, depth, xhtml: false, text: '' };
        }
      },
      ontext(data) {
        if (capture !== null) capture.text += capture.xhtml ? escapeXml(data) : data;
      },
      onclosetag() {
        const depth = stack.length;
        const name = stack.pop() ?? '';
        if (capture !== null && depth === capture.depth) {
          const text = capture.text;
          if (entry !== null) {
            if (!entry.fields.has(capture.name)) entry.fields.set(capture.name, text);
          } else channelTitle = text.replace(/\s+/g, ' ').trim() || null;
          capture = null;
        } else if (capture !== null && capture.xhtml) capture.text += `</${name}>`;
        if (entry !== null && depth === entryDepth) {
          entries.push({ entry, raw: xml.slice(entry.start, parser.endIndex + 1) });
          entry = null;
          entryDepth = -1;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return { entries, channelTitle };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The SourceInput of one feed entry. */
function entryInput(entry: Entry, raw: string, channelTitle: string | null, options: ReadOptions, base: string | undefined): SourceInput {
  const field = (...names: string[]): string | null => {
    for (const name of names) {
      const v = entry.fields.get(name)?.trim();
      if (v) return v;
    }
    return null;
  };
  const body = ['content:encoded', 'content', 'description', 'summary'].find((name) => entry.fields.get(name)?.trim());
  if (body === undefined) throw new InputError('the feed entry has no text (no description, content:encoded, content or summary)');
  const type = entry.attrs.get(body)?.type?.toLowerCase();
  const messages: Message[] = [];
  const input: SourceInput = { raw, text: entryText(entry.fields.get(body)!, type), messages };
  const title = field('title');
  if (title !== null) input.title = plainText(title);
  const url = entryLink(entry, field('link'), field('guid'), base);
  if (url !== null) input.url = url;
  const published = field('published', 'pubdate', 'dc:date', 'issued', 'updated', 'dc:modified');
  if (published !== null) input.published = published;
  const id = field('guid', 'id');
  if (id !== null) input.id = id;
  const source = field('source') ?? channelTitle;
  if (source !== null) input.source = plainText(source);
  const o = options.overrides ?? {};
  if (o.title !== undefined) input.title = o.title;
  if (o.source !== undefined) input.source = o.source;
  if (o.url !== undefined) input.url = o.url;
  if (o.published !== undefined) input.published = o.published;
  return input;
}

/** An entry's body as plain text: HTML (escaped or CDATA) through htmlToText; plain text keeps its lines. */
function entryText(body: string, type: string | undefined): string {
  const isHtml = type === 'html' || type === 'xhtml' || type === 'text/html' || (type !== 'text' && /<[a-z!/][^>]*>|&[#\w]+;/i.test(body));
  if (isHtml) return htmlToText(body).text;
  return body.split('\n').map((line) => line.replace(/[ \t\r\f]+/g, ' ').trim()).filter((line) => line !== '').join('\n');
}

/** Titles sometimes carry markup or escaped entities; the title is plain text. */
function plainText(s: string): string {
  return /[<&]/.test(s) ? htmlToText(`<p>${s}</p>`).text.replace(/\n/g, ' ') : s.replace(/\s+/g, ' ').trim();
}

/** The entry's web page: RSS <link>, Atom <link rel="alternate">, else a URL-shaped guid; relative links resolved. */
function entryLink(entry: Entry, linkText: string | null, guid: string | null, base: string | undefined): string | null {
  const atom = entry.links.find((l) => l.rel === 'alternate') ?? entry.links[0];
  let link = atom?.href ?? linkText;
  if (link === null && guid !== null && /^https?:\/\//i.test(guid) && entry.attrs.get('guid')?.ispermalink !== 'false') link = guid;
  if (link === null) return null;
  try {
    return base !== undefined ? new URL(link, base).href : link;
  } catch {
    return link;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// URLs

/** Fetch a feed or a page (timeout, redirects followed); a failed fetch is one error item. */
async function* readUrl(url: string, options: ReadOptions): AsyncGenerator<SourceItem> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let body: Buffer;
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      redirect: 'follow',
      headers: { 'user-agent': 'marsad (news event coder)', accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5' },
    });
    if (!response.ok) {
      yield failure(url, null, new InputError(`${url}: HTTP ${response.status} ${response.statusText}`.trim()));
      return;
    }
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const e = error as Error;
    const why = e.name === 'TimeoutError' ? `timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : e.name === 'AbortError' ? 'aborted' : ((e.cause as Error | undefined)?.message ?? e.message);
    yield failure(url, null, new InputError(`cannot fetch ${url}: ${why}`));
    return;
  }
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(response.headers.get('content-type') ?? '')?.[1];
  const name = urlName(response.url || url, response.headers.get('content-type'));
  for await (const item of readBytes(Readable.from([body], { objectMode: false }), name, url, options, { charset, base: response.url || url })) {
    // A page that names no canonical URL is at the URL it was fetched from.
    if ('input' in item && name !== null && /\.html?$/.test(name) && !item.input.url) item.input.url = response.url || url;
    yield item;
  }
}

/** A file name for a URL's content: its path's last segment, else one made from the content type. */
function urlName(url: string, contentType: string | null): string | null {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('html')) return 'page.html';
  if (type.includes('json') && !type.includes('ndjson') && !type.includes('jsonl')) return 'document.json';
  const last = new URL(url).pathname.split('/').pop() ?? '';
  if (extension(innerName(last)) !== null) return innerName(last);
  if (type.startsWith('text/plain')) return 'document.txt';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Watching a folder

/**
 * The items of files that appear under `dir` after the call (`--watch DIR`); files already there are not read.
 * fs.watch on `dir` wakes the scan, and a rescan every `pollMs` catches what fs.watch misses (subfolders,
 * network file systems). A new file is read once its size and mtime have stayed the same for `debounceMs`, so a
 * file still being written is not read half; write-then-rename with a dot- or .tmp/.part name is safe too.
 * Stops when `signal` (or `options.signal`) aborts. A missing folder throws InputError.
 */
export async function* watchFolder(dir: string, options: ReadOptions = {}, signal?: AbortSignal): AsyncGenerator<SourceItem> {
  const stop = signal ?? options.signal;
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) throw new InputError(`cannot watch ${dir}: not a folder`);
  const debounceMs = options.debounceMs ?? 500;
  const pollMs = options.pollMs ?? 2000;
  const seen = new Set(await listFiles(dir, new Set()));
  const candidates = new Map<string, { size: number; mtimeMs: number; at: number }>();
  let dirty = false;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    dirty = true;
    wake?.();
  };
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, poke);
    watcher.on('error', () => {}); // the poll still sees new files
  } catch {
    watcher = null;
  }
  stop?.addEventListener('abort', poke);
  // Waiting for the first new file, a change wakes us at once; waiting out a debounce, only an abort does.
  const sleep = (ms: number, byEvent: boolean): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = () => {
        if (byEvent || stop?.aborted) done();
      };
    });
  try {
    while (!stop?.aborted) {
      if (candidates.size > 0) await sleep(debounceMs, false);
      else if (!dirty) await sleep(pollMs, true);
      dirty = false;
      if (stop?.aborted) break;
      for (const file of await newStableFiles(dir, seen, candidates, debounceMs)) {
        seen.add(file);
        for await (const item of guarded(file, () => readFile(file, options))) {
          yield item;
          if (stop?.aborted) return;
        }
      }
    }
  } finally {
    watcher?.close();
    stop?.removeEventListener('abort', poke);
  }
}

/** New files whose size and mtime have not changed for `debounceMs`; the others are (re)noted as candidates. */
async function newStableFiles(
  dir: string,
  seen: Set<string>,
  candidates: Map<string, { size: number; mtimeMs: number; at: number }>,
  debounceMs: number,
): Promise<string[]> {
  const files = await listFiles(dir, new Set()).catch(() => null);
  if (files === null) return []; // the folder is briefly unreadable: try again at the next scan
  const present = new Set(files);
  // A file deleted and written again under the same name is a new file.
  for (const file of seen) if (!present.has(file)) seen.delete(file);
  const ready: string[] = [];
  const now = Date.now();
  for (const file of files) {
    if (seen.has(file)) continue;
    const info = await stat(file).catch(() => null);
    if (info === null) continue;
    const before = candidates.get(file);
    if (before && before.size === info.size && before.mtimeMs === info.mtimeMs && info.size > 0) {
      if (now - before.at >= debounceMs) {
        candidates.delete(file);
        ready.push(file);
      }
      continue;
    }
    candidates.set(file, { size: info.size, mtimeMs: info.mtimeMs, at: now });
  }
  for (const file of candidates.keys()) if (!present.has(file)) candidates.delete(file);
  return ready;
}

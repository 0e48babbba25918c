/**
 * Turn what a user hands `marsad analyze` — a .txt, .html or .json file, stdin, or one JSONL line —
 * into a SourceInput: its plain text, its metadata and the raw input (for the document id).
 * Input problems that make a document impossible throw InputError; lesser ones become messages.
 */
import type { SourceInput } from '../doc.js';
import type { Message } from '../types.js';
import { htmlToText } from './html-to-text.js';
import { InputError } from './input-error.js';

export { InputError };

/** Metadata a user gives on the command line; overrides what the input says. */
export interface InputOverrides {
  /** Title. */
  title?: string | undefined;
  /** Outlet. */
  source?: string | undefined;
  /** URL. */
  url?: string | undefined;
  /** Publication date. */
  published?: string | undefined;
}

// Field names corpora use, in order of preference (ANT: text/time/docno; SaudiNewsNet: content/date_extracted).
const TEXT_FIELDS = ['text', 'content', 'body', 'article'];
const FIELDS = {
  title: ['title', 'headline'],
  source: ['source', 'outlet', 'site'],
  url: ['url', 'link'],
  published: ['published', 'time', 'date', 'pubDate', 'date_published', 'datePublished', 'published_at', 'date_extracted'],
  id: ['id', 'docno', 'doc_id', 'guid'],
} as const;

/**
 * Decode file bytes: BOM-marked UTF-8/UTF-16; UTF-16 without a BOM when the bytes read as UTF-8 are mostly NULs
 * and controls but as UTF-16 of one byte order are text (reported); else UTF-8 with invalid sequences replaced
 * (and reported).
 */
export function decodeBytes(bytes: Uint8Array, messages: Message[]): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let text: string;
  let valid = true;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    valid = false;
    text = new TextDecoder('utf-8').decode(bytes.subarray(start));
  }
  if (start === 0 && unreadable(text) > 0.1) {
    const order = utf16Order(bytes);
    if (order !== null) {
      messages.push({ rule: 'encoding', reason: `input has no byte-order mark but is ${order.toUpperCase()} text; read as ${order.toUpperCase()}` });
      return new TextDecoder(order).decode(bytes);
    }
  }
  if (!valid) messages.push({ rule: 'encoding', reason: 'input is not valid UTF-8; invalid byte sequences were replaced by U+FFFD' });
  return text;
}

/** How much of the first 64K characters of a decoded text is NUL, C0 controls (but tab and line breaks) or U+FFFD. */
function unreadable(text: string): number {
  const head = text.slice(0, 65_536);
  if (head.length === 0) return 0;
  return (head.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/g)?.length ?? 0) / head.length;
}

// What a news text in UTF-16 is made of: Latin, Arabic (with its supplements and presentation forms), general
// punctuation, and spacing; a wrong byte order turns these into CJK, dingbats and private-use characters.
const NEWS_CHARACTER = /[\t\n\r\u0020-\u007e\u00a0-\u00ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]/g;
const LETTER = /\p{L}/gu;

/**
 * The UTF-16 byte order in which the first 64 KB of `bytes` read as news text — at least 16 characters, 90% of them
 * news characters and 40% letters — or null.
 */
function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 32) return null;
  const head = bytes.subarray(0, Math.min(bytes.length, 65_536) & ~1);
  for (const order of ['utf-16le', 'utf-16be'] as const) {
    const text = new TextDecoder(order).decode(head);
    const news = text.match(NEWS_CHARACTER)?.length ?? 0;
    const letters = text.match(LETTER)?.length ?? 0;
    if (news >= 0.9 * text.length && letters >= 0.4 * text.length) return order;
  }
  return null;
}

/**
 * Refuse decoded text that is not text: a NUL byte (binary data), or mostly undecodable bytes (another encoding
 * with no charset declared).
 */
export function refuseBinary(text: string): void {
  if (text.includes('\u0000')) throw new InputError('binary data, not text (a NUL byte was found); give UTF-8 or UTF-16 text');
  const replaced = text.match(/\uFFFD/g)?.length ?? 0;
  if (replaced > 16 && replaced > text.length / 50) {
    throw new InputError(`not UTF-8 text (${replaced} undecodable byte sequences) and no charset is declared; convert it to UTF-8`);
  }
}

const pick = (obj: Record<string, unknown>, names: readonly string[], field: string): string | null => {
  for (const name of names) {
    const v = obj[name];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number' && field === 'id') return String(v);
    if (typeof v !== 'string') throw new InputError(`field "${name}" must be a string, got ${Array.isArray(v) ? 'an array' : typeof v}`);
    return v;
  }
  return null;
};

/** A SourceInput from a parsed JSON object `{text|html, title?, source?, url?, published?, id?}` (and common aliases). */
export function inputFromObject(value: unknown, raw: string, overrides: InputOverrides = {}): SourceInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`expected a JSON object like {"text": "…"}, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  const obj = value as Record<string, unknown>;
  const messages: Message[] = [];
  const text = pick(obj, TEXT_FIELDS, 'text');
  const html = pick(obj, ['html'], 'html');
  let input: SourceInput;
  if (text !== null) input = { raw, text, messages };
  else if (html !== null) input = fromHtml(html, raw, messages);
  else throw new InputError(`the object has no article text: give a "text" (or "content", "body") or an "html" field; it has ${Object.keys(obj).map((k) => `"${k}"`).join(', ') || 'no fields'}`);
  const title = pick(obj, FIELDS.title, 'title');
  const source = pick(obj, FIELDS.source, 'source');
  const url = pick(obj, FIELDS.url, 'url');
  const published = pick(obj, FIELDS.published, 'published');
  const id = pick(obj, FIELDS.id, 'id');
  if (title !== null) input.title = title;
  if (source !== null) input.source = source;
  if (url !== null) input.url = url;
  if (published !== null) input.published = published;
  if (id !== null) input.id = id;
  return withOverrides(input, overrides);
}

function fromHtml(html: string, raw: string, messages: Message[]): SourceInput {
  const page = htmlToText(html);
  const input: SourceInput = { raw, text: page.text, messages };
  if (page.title) input.title = page.title;
  if (page.source) input.source = page.source;
  if (page.url) input.url = page.url;
  if (page.published) input.published = page.published;
  return input;
}

function withOverrides(input: SourceInput, overrides: InputOverrides): SourceInput {
  if (overrides.title !== undefined) input.title = overrides.title;
  if (overrides.source !== undefined) input.source = overrides.source;
  if (overrides.url !== undefined) input.url = overrides.url;
  if (overrides.published !== undefined) input.published = overrides.published;
  return input;
}

/** What kind of document a name or content is. */
export type InputKind = 'text' | 'html' | 'json';

/** Guess the kind from a file name, else from the content's first characters. */
export function inputKind(name: string | null, content: string): InputKind {
  const ext = name?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'json') return 'json';
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  if (ext === 'txt' || ext === 'text') return 'text';
  const head = content.trimStart().slice(0, 512).toLowerCase();
  if (head.startsWith('{')) return 'json';
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /^<(?:head|body|article|div|p|meta)\b/.test(head)) return 'html';
  return 'text';
}

/** A SourceInput from a whole file (or stdin) given as bytes; binary data and undecodable text throw InputError. */
export function inputFromBytes(bytes: Uint8Array, name: string | null, overrides: InputOverrides = {}): SourceInput {
  const messages: Message[] = [];
  const content = decodeBytes(bytes, messages);
  refuseBinary(content);
  const kind = inputKind(name, content);
  let input: SourceInput;
  if (kind === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      throw new InputError(`${name ?? 'input'} is not valid JSON: ${(error as Error).message}`);
    }
    input = inputFromObject(value, content, overrides);
    input.messages = [...messages, ...(input.messages ?? [])];
    return input;
  }
  if (kind === 'html') input = fromHtml(content, content, messages);
  else input = { raw: content, text: content, messages };
  return withOverrides(input, overrides);
}

/**
 * Turn what a user hands `marsad analyze` — a .txt, .html or .json file, stdin, or one JSONL line —
 * into a SourceInput: its plain text, its metadata and the raw input (for the document id).
 * Input problems that make a document impossible throw InputError; lesser ones become messages.
 */
import type { SourceInput } from '../doc.js';
import type { Message } from '../types.js';
import { htmlToText } from './html-to-text.js';

/** An input that cannot become a document; the message says what is wrong and what to do. */
export class InputError extends Error {
  override name = 'InputError';
}

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

/** Decode file bytes: BOM-marked UTF-8/UTF-16, else UTF-8 with invalid sequences replaced (and reported). */
export function decodeBytes(bytes: Uint8Array, messages: Message[]): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    messages.push({ rule: 'encoding', reason: 'input is not valid UTF-8; invalid byte sequences were replaced by U+FFFD' });
    return new TextDecoder('utf-8').decode(bytes.subarray(start));
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

/** A SourceInput from a whole file (or stdin) given as bytes. */
export function inputFromBytes(bytes: Uint8Array, name: string | null, overrides: InputOverrides = {}): SourceInput {
  const messages: Message[] = [];
  const content = decodeBytes(bytes, messages);
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

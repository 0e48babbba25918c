/**
 * The hostile corpus, built at test time (nothing big is committed): one file per payload class — binary data,
 * invalid UTF-8, UTF-16 without a byte-order mark, a 50 MB article, a gzip bomb, a 1M-character line, deeply
 * nested and entity-expanding HTML, bidi overrides, only diacritics, control characters, Persian/Urdu letters,
 * empty and whitespace-only files, deeply nested JSON — and one JSONL file of hostile lines (not JSON, nested,
 * over the size budget, not an object, escaped NULs and lone surrogates, `__proto__`).
 *
 * Each entry says what must come of it with the default budgets: a document (sane, and passing the entry's own
 * check) or an error whose reason matches a pattern. Big payloads are streamed to their file in chunks.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import type { AnnotatedDoc } from '../../src/types.js';

/** What must come of a payload: a document (with an optional extra check: its problems) or an error. */
export type Outcome =
  | { kind: 'document'; check?: (doc: AnnotatedDoc, inputLength: number) => string[] }
  | { kind: 'error'; reason: RegExp };

/** One hostile file. */
export interface HostileFile {
  /** The payload class, in words. */
  name: string;
  /** File name (its extension says how it is read). */
  file: string;
  /** Its bytes; absent for the big ones, which `write` streams. */
  bytes?: () => Buffer;
  /** Streams a big payload to `path`. */
  write?: (path: string) => Promise<void>;
  /** What ingest makes of it. */
  expect: Outcome;
  /** What `analyze FILE` (inputFromBytes, then the pipeline) makes of it, when not the same. */
  analyze?: Outcome;
  /** For a JSON array, the element ingest records (`#1`): each element is an item of its own. */
  element?: string;
}

/** One hostile JSONL line. */
export interface HostileLine {
  name: string;
  line: () => string;
  expect: Outcome;
}

/** A seeded generator (mulberry32): the same corpus on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ordinary Arabic news sentences, the carrier of most payloads. */
export const ARTICLE = [
  'قتل خمسة أشخاص وأصيب عشرة آخرون في هجوم استهدف سوقا شعبيا في مدينة حلب السورية أمس الاثنين.',
  'وقال مسؤول محلي إن الشرطة اعتقلت ثلاثة مشتبه بهم، فيما أعلن تنظيم داعش مسؤوليته عن الهجوم.',
  'والتقى وزير الخارجية المصري نظيره الأردني في عمان لبحث الأوضاع في غزة.',
].join('\n');

/** The article with a last sentence of its own, so that no two payloads are the same content. */
export function article(n: number): string {
  return `${ARTICLE}\nوهذا هو التقرير رقم ${n} عن الحادث.`;
}

const MB = 1024 * 1024;

/** Write `total` bytes made of `unit` repeated, in 1 MB chunks, to `path`. */
async function writeRepeated(path: string, unit: string, total: number): Promise<void> {
  const unitBytes = Buffer.from(unit, 'utf8');
  const chunk = Buffer.alloc(MB);
  for (let i = 0; i < MB; i += unitBytes.length) unitBytes.copy(chunk, i, 0, Math.min(unitBytes.length, MB - i));
  const out = createWriteStream(path);
  for (let written = 0; written < total; written += MB) {
    if (!out.write(written + MB <= total ? chunk : chunk.subarray(0, total - written))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Arabic text in windows-1256 (the bytes an old Arabic site sends), from the decoder's own table. */
function windows1256(text: string): Buffer {
  const decoder = new TextDecoder('windows-1256');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from([...text].map((ch) => table.get(ch) ?? 0x3f));
}

/** UTF-16 big-endian bytes of a text, without a byte-order mark. */
function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

/** The text has no more characters than the input had: nothing was expanded. */
const notExpanded = (doc: AnnotatedDoc, inputLength: number): string[] =>
  doc.text.length <= inputLength ? [] : [`text (${doc.text.length} characters) is longer than the input (${inputLength} bytes): something expanded`];

/** The Arabic of the article is in the text. */
const keepsArticle = (doc: AnnotatedDoc): string[] => (doc.text.includes('هجوم استهدف سوقا') ? [] : ['the article text is not in the document']);

const BINARY = /binary data|not UTF-8 text/;
const SIZE = /document is (more than )?[\d,]+ bytes, over the [\d,]+-byte budget \(--max-bytes/;

/** The hostile files. */
export const HOSTILE_FILES: HostileFile[] = [
  {
    name: 'binary: 64 KB of random bytes',
    file: 'random.bin.txt',
    bytes: () => {
      const next = random(7);
      return Buffer.from(Array.from({ length: 65_536 }, () => Math.floor(next() * 256)));
    },
    expect: { kind: 'error', reason: BINARY },
  },
  {
    name: 'binary: a PNG image named .html',
    file: 'image.html',
    bytes: () => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex'), Buffer.alloc(256, 0x07)]),
    expect: { kind: 'error', reason: BINARY },
  },
  {
    name: 'binary: a ZIP archive named .json',
    file: 'archive.json',
    bytes: () => Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.from('word/document.xml'), Buffer.alloc(64)]),
    expect: { kind: 'error', reason: BINARY },
  },
  { name: 'binary: 4 KB of NUL bytes', file: 'nuls.txt', bytes: () => Buffer.alloc(4096), expect: { kind: 'error', reason: BINARY } },
  {
    name: 'invalid UTF-8: overlong, lone continuation, truncated, surrogate and out-of-range sequences in an article',
    file: 'invalid-utf8.txt',
    bytes: () => Buffer.concat([Buffer.from(article(13).slice(0, 60)), Buffer.from('c0af80e282eda080f4908080feff', 'hex'), Buffer.from(article(13).slice(60))]),
    expect: {
      kind: 'document',
      check: (doc) => [...keepsArticle(doc), ...(doc.messages.some((m) => m.rule === 'encoding') ? [] : ['no encoding message'])],
    },
  },
  {
    name: 'another encoding: windows-1256 Arabic without a charset',
    file: 'cp1256.txt',
    bytes: () => windows1256(article(14).repeat(3)),
    expect: { kind: 'error', reason: /not UTF-8 text/ },
  },
  {
    name: 'UTF-16LE Arabic without a byte-order mark',
    file: 'utf16le.txt',
    bytes: () => Buffer.from(article(1), 'utf16le'),
    expect: { kind: 'document', check: (doc) => [...keepsArticle(doc), ...(doc.messages.some((m) => /UTF-16LE/.test(m.reason)) ? [] : ['no UTF-16LE message'])] },
  },
  {
    name: 'UTF-16BE Arabic without a byte-order mark',
    file: 'utf16be.txt',
    bytes: () => utf16be(article(2)),
    expect: { kind: 'document', check: (doc) => [...keepsArticle(doc), ...(doc.messages.some((m) => /UTF-16BE/.test(m.reason)) ? [] : ['no UTF-16BE message'])] },
  },
  {
    name: 'a 50 MB article',
    file: 'article-50mb.txt',
    write: (path) => writeRepeated(path, `${article(3)}\n`, 50 * MB),
    expect: { kind: 'error', reason: /document is 52,428,800 bytes, over the 5,242,880-byte budget \(--max-bytes/ },
  },
  {
    name: 'a gzip bomb: 60 MB of article in 60 KB of gzip',
    file: 'bomb.txt.gz',
    bytes: () => {
      const unit = `${article(4)}\n`;
      return gzipSync(Buffer.from(unit.repeat(Math.ceil((60 * MB) / Buffer.byteLength(unit)))), { level: 9 });
    },
    expect: { kind: 'error', reason: SIZE },
    // `analyze FILE` reads no gzip: the compressed bytes are binary.
    analyze: { kind: 'error', reason: BINARY },
  },
  {
    name: 'a single 1M-character line',
    file: 'one-line.txt',
    bytes: () => {
      const unit = article(5).replace(/\n/g, ' ');
      return Buffer.from(unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000));
    },
    expect: { kind: 'document', check: (doc) => (doc.text.length > 900_000 ? [] : [`text has ${doc.text.length} characters`]) },
  },
  {
    name: 'HTML nested 100,000 elements deep',
    file: 'nested.html',
    bytes: () => Buffer.from(`<html><body>${'<div>'.repeat(100_000)}<p>${article(6)}</p>${'</div>'.repeat(100_000)}</body></html>`),
    expect: { kind: 'error', reason: /nested more than 1000 elements deep/ },
  },
  {
    name: 'HTML with unclosed inline tags 100,000 deep',
    file: 'unclosed.html',
    bytes: () => Buffer.from(`<html><body><p>${article(7)}${'<b><i>'.repeat(50_000)}</p></body></html>`),
    expect: { kind: 'error', reason: /nested more than 1000 elements deep/ },
  },
  {
    name: 'entity expansion: a billion-laughs DOCTYPE (entities declared ten deep, each ten of the one before)',
    file: 'laughs.html',
    bytes: () => {
      const decls = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)];
      return Buffer.from(`<!DOCTYPE html [${decls.join('')}]><html><body><p>${article(8)} &lol9;&lol9;&lol9;</p></body></html>`);
    },
    expect: { kind: 'document', check: (doc, n) => [...notExpanded(doc, n), ...keepsArticle(doc)] },
  },
  {
    name: 'entity chains: &amp;amp;… 10,000 deep and 20,000 double-escaped references',
    file: 'amp-chains.html',
    bytes: () => Buffer.from(`<p>${article(9)} &${'amp;'.repeat(10_000)}quot; ${'&amp;quot;&amp;#x200d;&amp;nbsp;'.repeat(20_000)}</p>`),
    expect: { kind: 'document', check: (doc, n) => [...notExpanded(doc, n), ...keepsArticle(doc)] },
  },
  {
    name: 'numeric references out of range: &#99999999999999; &#x110000; &#0; &#xD800; &#x202E;',
    file: 'numeric-refs.html',
    bytes: () => Buffer.from(`<p>${article(10)} ${'&#99999999999999; &#x110000; &#0; &#xD800; &#x202E; &#65; '.repeat(20_000)}</p>`),
    expect: { kind: 'document', check: (doc, n) => [...notExpanded(doc, n), ...keepsArticle(doc)] },
  },
  {
    name: 'bidi overrides and isolates around every word',
    file: 'bidi.txt',
    bytes: () => Buffer.from(article(15).split(' ').map((w, i) => `${['\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u200f'][i % 6]}${w}\u202c\u2069`).join(' ')),
    expect: { kind: 'document', check: (doc) => (doc.text.includes('هجوم') ? [] : ['the words are lost']) },
  },
  {
    name: 'only diacritics (tashkeel), 20,000 of them',
    file: 'diacritics.txt',
    bytes: () => Buffer.from('\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652 '.repeat(2500)),
    expect: { kind: 'document', check: (doc) => (doc.events.length === 0 && doc.entities.length === 0 ? [] : ['events or entities found in diacritics']) },
  },
  {
    name: 'C0 and C1 control characters (no NUL) between the words',
    file: 'controls.txt',
    bytes: () => {
      const controls = [...Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)), '\u007f', ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i))];
      return Buffer.from(article(16).split(' ').map((w, i) => `${w}${controls[i % controls.length]}${controls[(i * 7) % controls.length]}`).join(' '));
    },
    expect: { kind: 'document', check: (doc) => (doc.text.includes('مسؤول') ? [] : ['the words are lost']) },
  },
  {
    name: 'Persian and Urdu letters (ی ک ۀ ے ہ ۃ ٹ ڈ ں) and Persian digits',
    file: 'persian-urdu.txt',
    bytes: () => Buffer.from('وزیر خارجهٔ ایران گفت کہ ۱۴۰۲ نفر در حملهٔ تہران کشته شدند. پاکستان نے ہندوستان سے بات چیت کی ۃ ۀ ے ٹ ڈ ں ۲۰۲۴.\n' + article(11)),
    expect: { kind: 'document', check: keepsArticle },
  },
  // Ingest stores no empty article; `analyze` answers the empty document.
  {
    name: 'empty file',
    file: 'empty.txt',
    bytes: () => Buffer.alloc(0),
    expect: { kind: 'error', reason: /no article text/ },
    analyze: { kind: 'document', check: (doc) => (doc.text === '' ? [] : ['text is not empty']) },
  },
  {
    name: 'whitespace only (spaces, tabs, line breaks, no-break spaces)',
    file: 'blank.txt',
    bytes: () => Buffer.from(' \t\n\r\n\u00a0\u3000 '.repeat(1000)),
    expect: { kind: 'error', reason: /no article text/ },
    analyze: { kind: 'document', check: (doc) => (doc.text === '' ? [] : ['text is not empty']) },
  },
  {
    name: 'a JSON array nested 200,000 deep',
    file: 'nested-array.json',
    bytes: () => Buffer.from('['.repeat(200_000) + ']'.repeat(200_000)),
    // Ingest reads each element of an array as an article; `analyze` wants one object.
    expect: { kind: 'error', reason: /nested too deeply/ },
    element: '#1',
    analyze: { kind: 'error', reason: /expected a JSON object/ },
  },
  {
    name: 'a JSON article with a field nested 200,000 deep',
    file: 'nested-field.json',
    bytes: () => Buffer.from(`{"text": ${JSON.stringify(article(12))}, "meta": ${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}}`),
    expect: { kind: 'document', check: keepsArticle },
  },
];

/** The lines of the hostile JSONL file, in order (`corpus.jsonl:N` is the N-th). */
export const HOSTILE_LINES: HostileLine[] = [
  { name: 'an ordinary article', line: () => JSON.stringify({ title: 'هجوم على سوق في حلب', text: ARTICLE, published: '2024-03-11' }), expect: { kind: 'document', check: keepsArticle } },
  { name: 'a line that is not JSON', line: () => '{"text": "قال الوزير" , oops', expect: { kind: 'error', reason: /not valid JSON/ } },
  { name: 'a JSON array, not an object', line: () => '[1, 2, {"text": "قال"}]', expect: { kind: 'error', reason: /expected a JSON object/ } },
  { name: 'an object without text', line: () => '{"title": "عنوان", "n": 1}', expect: { kind: 'error', reason: /no article text/ } },
  { name: 'text that is an object', line: () => '{"text": {"ar": "قال"}}', expect: { kind: 'error', reason: /must be a string/ } },
  {
    name: 'an article with a field nested 100,000 deep',
    line: () => `{"text": ${JSON.stringify(`${ARTICLE} (نسخة متداخلة)`)}, "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    expect: { kind: 'document', check: keepsArticle },
  },
  {
    name: 'HTML nested 5,000 deep in a line',
    line: () => JSON.stringify({ html: `${'<div>'.repeat(5000)}${ARTICLE}${'</div>'.repeat(5000)}` }),
    expect: { kind: 'error', reason: /nested more than 1000 elements deep/ },
  },
  {
    name: 'a 6 MB line',
    line: () => JSON.stringify({ text: `${ARTICLE} `.repeat(Math.ceil((6 * MB) / Buffer.byteLength(ARTICLE))) }),
    expect: { kind: 'error', reason: SIZE },
  },
  {
    name: 'escaped NULs, controls and lone surrogates in the text',
    line: () => `{"text": ${JSON.stringify(ARTICLE).replace(/ /g, ' \\u0000\\u0007\\ud800 \\udc00\\u202e')}}`,
    expect: { kind: 'document', check: (doc) => (doc.text.includes('\uFFFD') ? [] : ['lone surrogates were not replaced']) },
  },
  {
    name: 'a lone high surrogate right before a valid pair',
    line: () => `{"text": ${JSON.stringify(`${ARTICLE} (رمز)`).replace(' (', ' \\udbff\\udbff\\udfff (')}}`,
    expect: { kind: 'document', check: (doc) => (doc.text.includes('\uFFFD\u{10FFFF}') ? [] : ['the valid pair after the lone surrogate was not kept']) },
  },
  {
    name: 'a __proto__ field (prototype pollution attempt)',
    line: () => `{"text": ${JSON.stringify(`${ARTICLE} (بروتو)`)}, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}`,
    expect: { kind: 'document', check: () => ('polluted' in {} ? ['Object.prototype was polluted'] : []) },
  },
  { name: 'another ordinary article', line: () => JSON.stringify({ title: 'لقاء في عمان', text: ARTICLE.split('\n').reverse().join('\n'), source: 'test' }), expect: { kind: 'document', check: keepsArticle } },
];

/** The name of the JSONL file in the corpus folder. */
export const JSONL_FILE = 'corpus.jsonl';

/** Write the whole corpus (every file and the JSONL file) into `dir`. */
export async function writeHostileCorpus(dir: string): Promise<void> {
  for (const f of HOSTILE_FILES) {
    const path = join(dir, f.file);
    if (f.write) await f.write(path);
    else await writeFile(path, f.bytes!());
  }
  await writeFile(join(dir, JSONL_FILE), HOSTILE_LINES.map((l) => l.line()).join('\n') + '\n');
}

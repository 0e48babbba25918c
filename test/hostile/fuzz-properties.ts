/**
 * The fuzzer's properties (fast-check), shared by `test/fuzz.test.ts` (a few thousand cases in `npm test`) and
 * `scripts/fuzz.ts` (`npm run fuzz`, 100,000 and more). Inputs mix Arabic news words, HTML tags and entities, random
 * Unicode (controls, bidi marks, lone surrogates, any code point), numbers and dates, and JSON shapes. The
 * properties:
 *
 * - `analyze-object`: an article object read as ingest reads a JSONL line, then analyzed within random budgets,
 *   gives a sane document (test/hostile/check-doc.ts) or an InputError (BudgetExceeded among them); anything else
 *   thrown is a crash.
 * - `analyze-bytes`: the same for raw bytes (UTF-8, UTF-16 with and without BOM, random bytes) read as a file.
 * - `ingest`: a JSONL batch of fuzzed lines, streamed in random chunks through `readStdin` and `ingestItems` into an
 *   SQLite store: each non-blank line is read once, and stored, a duplicate, skipped or an error record with a reason
 *   — the counts add up, and the store holds exactly what they say.
 * - `api`: random methods, paths, query strings, headers and bodies on every route answer a status below 500, and a
 *   JSON body on the API's routes and for every error, every error in the API's `{error: {code, message}}` shape
 *   (fastify's own errors before routing, such as a malformed percent-escape in the path, included).
 *
 * Every property records how many cases ran, what they gave, and its slowest case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { analyze } from '../../src/pipeline.js';
import { DEFAULT_BUDGETS, type Budgets } from '../../src/budgets.js';
import { InputError, inputFromBytes } from '../../src/ingest/read-input.js';
import { inputFromFields, readStdin } from '../../src/ingest/read-sources.js';
import { ingestItems } from '../../src/ingest/ingest.js';
import { analyzeItem } from '../../src/ingest/analyze-item.js';
import { commitDocument } from '../../src/ingest/commit-document.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { buildApp } from '../../src/server/app.js';
import { docProblems } from './check-doc.js';
import { ARTICLE } from './corpus.js';

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries

/** Arabic news words: verbs, nouns, names, places, particles, with clitics and hamza/ta-marbuta variants. */
const WORDS = [
  'قال', 'أعلن', 'اعلن', 'أكد', 'مؤكدا', 'أضاف', 'وأضاف', 'قتل', 'قُتل', 'أصيب', 'هاجم', 'هاجمت', 'هجوم', 'الهجوم', 'استهدف',
  'اعتقلت', 'اعتقال', 'التقى', 'اجتمع', 'اجتماع', 'الاجتماع', 'بحث', 'وقع', 'اتفاق', 'اتفاقية', 'طالب', 'دعا', 'رفض', 'أدان',
  'احتجاج', 'تظاهر', 'متظاهرون', 'عقوبات', 'فرض', 'حشد', 'قصف', 'غارة', 'غارات', 'انسحاب', 'مساعدات', 'دعم', 'يدعم', 'سيعقد',
  'الرئيس', 'الوزير', 'وزير', 'الخارجية', 'الداخلية', 'رئيس', 'الوزراء', 'الجيش', 'القوات', 'الشرطة', 'الحكومة', 'البرلمان',
  'الأمم', 'المتحدة', 'مجلس', 'الأمن', 'الاتحاد', 'الأوروبي', 'الجامعة', 'العربية', 'تنظيم', 'داعش', 'حماس', 'حزب', 'الله',
  'بغداد', 'دمشق', 'حلب', 'القاهرة', 'الرياض', 'عمان', 'بيروت', 'طرابلس', 'غزة', 'صنعاء', 'الموصل', 'إدلب', 'العراق', 'سوريا',
  'مصر', 'السعودية', 'لبنان', 'ليبيا', 'اليمن', 'فلسطين', 'إيران', 'تركيا', 'روسيا', 'أمريكا', 'واشنطن', 'موسكو', 'باريس',
  'محمد', 'أحمد', 'عبد', 'عبدالله', 'سامح', 'شكري', 'أيمن', 'الصفدي', 'جان', 'إيف', 'لودريان',
  'في', 'من', 'إلى', 'الى', 'على', 'عن', 'مع', 'ضد', 'لدى', 'بعد', 'قبل', 'أمس', 'امس', 'اليوم', 'غدا', 'الاثنين', 'الجمعة',
  'الأسبوع', 'المقبل', 'الماضي', 'هذا', 'الربيع', 'إن', 'أن', 'لم', 'لن', 'لا', 'سوف', 'إذا', 'لو', 'و', 'ف', 'ب', 'ل', 'ال',
  'وقال', 'فقد', 'بالعراق', 'للعراق', 'والجيش', 'مدينة', 'محافظة', 'ولاية', 'شخصا', 'أشخاص', 'آلاف', 'عشرات', 'مئات',
  'رويترز', 'واس', 'متابعة:', 'الصباح', 'الجديد', 'مشاركة', 'اقرأ', 'أيضا', 'ـــ', 'إنــه', 'ﻻ', 'ﺑﻐﺪاد', 'ی', 'ک', 'ۀ', 'ے', 'ہ', 'ۃ', 'پ', 'ڤ', 'گ',
];

const PUNCTUATION = ['.', '،', '؟', '?', '!', '؛', ':', ' : ', ' - ', ' – ', '«', '»', '“', '”', '"', "'", '(', ')', '[', ']', '..', '…', '\n', '\n\n', '\r\n', ' ', '  ', '\t'];

/** Characters a scraper leaves in: controls, bidi and zero-width marks, BOM, separators, lone surrogates. */
const INVISIBLE = [
  '\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0080', '\u0085', '\u009f', '\u00a0', '\u00ad',
  '\u061c', '\u0640', '\u180e', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202b', '\u202c',
  '\u202d', '\u202e', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\u3000', '\ufeff', '\ufffd', '\ud800', '\udbff', '\udc00', '\udfff',
  '\u064b', '\u064e', '\u0651', '\u0652', '\u0670', 'e\u0301', '😀', '👨‍👩‍👧', '\u{10ffff}', '\u{e0001}',
];

const HTML = [
  '<p>', '</p>', '<div>', '</div>', '<br>', '<br/>', '<hr>', '<h1>', '</h1>', '<title>', '</title>', '<b>', '<i>', '</b>', '<li>',
  '<script>alert(1)</script>', '<style>p{}</style>', '<script>', '</script>', '<!--', '-->', '<!-- comment -->', '<![CDATA[', ']]>',
  '<!DOCTYPE html>', '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>', '&a;', '&b;', '<?xml version="1.0"?>',
  '<meta property="og:title" content="عنوان">', '<meta property="article:published_time" content="2024-03-11T10:00:00Z">',
  '<meta charset="windows-1256">', '<link rel="canonical" href="javascript:alert(1)">', '<a href="javascript:alert(1)">',
  '<img src=x onerror=alert(1)>', '<svg><script>x</script></svg>', '<nav>', '<aside>', '<footer>', '<table><tr><td>', '<',
  '>', '</', '/>', '<<', '>>', '<p <p', '&amp;', '&amp;amp;', '&amp;quot;', '&quot;', '&nbsp;', '&nbsp', '&lt;', '&gt;', '&#8205;',
  '&#x202e;', '&#0;', '&#x0;', '&#xD800;', '&#99999999999;', '&#x110000;', '&#65', '#x200d;', '&unknown;', '&', ';', '&#',
];

const MONTHS = ['يناير', 'كانون الثاني', 'آذار', 'مارس', 'نيسان', 'أبريل', 'شوال', 'رمضان', 'ذو الحجة', 'ديسمبر'];
const toArabicIndic = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const toPersian = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

/** Numbers and dates, in Western, Arabic-Indic and Persian digits. */
const numberOrDate = fc.oneof(
  fc.integer({ min: -1e6, max: 1e12 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(...MONTHS), fc.integer({ min: 1300, max: 2100 })).map(([d, m, y]) => `${d} ${m} ${y}`),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${m}-${d}`),
  fc.constantFrom('25 شوال 1436 هـ', '1436هـ', 'الساعة 10 صباحا', 'بـ5.5', '2.5', '3,000', '١٥ آذار ٢٠٢٤', '۱۴۰۲', 'قبل ثلاثة أيام', 'هذا الربيع', 'كل يوم'),
).chain((s) => fc.constantFrom(s, toArabicIndic(s), toPersian(s)));

/** One piece of text: mostly Arabic words, with punctuation, HTML, invisible characters, numbers and any Unicode. */
const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...WORDS), weight: 10 },
  { arbitrary: fc.constantFrom(...PUNCTUATION), weight: 4 },
  { arbitrary: fc.constantFrom(...INVISIBLE), weight: 2 },
  { arbitrary: fc.constantFrom(...HTML), weight: 2 },
  { arbitrary: numberOrDate, weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }), weight: 1 },
);

/** A fuzzed text: up to 200 pieces, joined by spaces or nothing. */
export const fuzzText = fc.tuple(fc.array(piece, { maxLength: 200, size: 'medium' }), fc.boolean()).map(([pieces, spaced]) => pieces.join(spaced ? ' ' : ''));

/** A field value: mostly a string, sometimes what a broken corpus has instead. */
const fieldValue = (text: fc.Arbitrary<string>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: text, weight: 18 }, { arbitrary: fc.constantFrom(null, 0, 42, true, [], {}, ['x']), weight: 1 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 });

const published = fc.oneof(
  fc.constantFrom('2024-03-11', '2019-10-22T10:00:00+03:00', 'Sun, 18 Feb 2018 21:35:43 +0400', '2024-02-30', '0000-00-00', '', 'أمس', '9999-12-31T23:59:59Z', '2024-03-11T25:61:00Z'),
  fuzzText,
);

/** An article object as corpora and API clients send it: text or html (or an alias), metadata, extra fields. */
export const fuzzArticle: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      body: fc.oneof(
        { arbitrary: fieldValue(fuzzText).map((v) => ({ text: v })), weight: 6 },
        { arbitrary: fieldValue(fuzzText.map((t) => `<html><body><p>${t}</p></body></html>`)).map((v) => ({ html: v })), weight: 3 },
        { arbitrary: fieldValue(fuzzText).map((v) => ({ content: v })), weight: 1 },
        { arbitrary: fc.constant({}), weight: 1 },
      ),
      title: fieldValue(fuzzText),
      published: fieldValue(published),
      source: fieldValue(fc.constantFrom('bbc', 'cnn', 'رويترز', '')),
      url: fieldValue(fc.constantFrom('https://example.org/a', 'javascript:alert(1)', '', 'http://[::1]:99999/')),
      id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      extra: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 3 }),
    },
    { requiredKeys: ['body'] },
  )
  .map(({ body, extra, ...meta }) => ({ ...extra, ...meta, ...body }));

/** Bytes a file may hold: a fuzzed text in UTF-8, UTF-16 with or without BOM, with a UTF-8 BOM, or random bytes. */
export const fuzzBytes = fc.oneof(
  fuzzText.map((t) => Buffer.from(t, 'utf8')),
  fuzzText.map((t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])),
  fuzzText.map((t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])),
  fuzzText.map((t) => Buffer.from(t, 'utf16le')),
  fuzzText.map((t) => Buffer.from(t, 'utf16le').swap16()),
  fuzzArticle.map((a) => Buffer.from(JSON.stringify(a), 'utf8')),
  fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
  fc.tuple(fuzzText, fc.uint8Array({ maxLength: 16 }), fuzzText).map(([a, junk, b]) => Buffer.concat([Buffer.from(a), Buffer.from(junk), Buffer.from(b)])),
);

/** Budgets of one case: the defaults, or small ones that fuzzed inputs do meet. */
const fuzzBudgets: fc.Arbitrary<Budgets> = fc.oneof(
  { arbitrary: fc.constant({ ...DEFAULT_BUDGETS }), weight: 6 },
  { arbitrary: fc.record({ maxBytes: fc.integer({ min: 1, max: 4096 }), maxMs: fc.constant(DEFAULT_BUDGETS.maxMs) }), weight: 2 },
  { arbitrary: fc.record({ maxBytes: fc.constant(DEFAULT_BUDGETS.maxBytes), maxMs: fc.integer({ min: 1, max: 5 }) }), weight: 1 },
);

// ---------------------------------------------------------------------------------------------------------------
// Tallies

/** What one property's cases gave. */
export interface PropertyReport {
  name: string;
  /** Cases the property ran (fast-check's runs; shrinking counted apart). */
  runs: number;
  /** Predicate calls while shrinking a failure. */
  shrinks: number;
  /** Outcomes: sane documents, typed input errors (budgets among them), and what else the property counts. */
  outcomes: Record<string, number>;
  /** The first failing case's kind: `failure` (an invariant broken) or `crash` (an unexpected exception), or null. */
  failure: null | { kind: 'failure' | 'crash'; message: string; counterexample: string; path: string | null };
  slowestMs: number;
  slowestCase: string;
  seed: number;
}

/** Observes each case (the fuzz script's watchdog hears of every case before it runs). */
export type CaseObserver = (property: string, description: () => string) => void;

/** A case's result: its outcome name (and counts to add to the tally), or a failure. */
type CaseResult = { outcome: string; add?: Record<string, number> } | { kind: 'failure' | 'crash'; message: string };

/** A property that any assertion-free runner can run: fast-check, with its tally. */
export interface FuzzProperty {
  name: string;
  run(numRuns: number, seed: number, observe?: CaseObserver): Promise<PropertyReport>;
}

const preview = (value: unknown): string => {
  let s: string;
  try {
    s = typeof value === 'string' ? JSON.stringify(value) : Buffer.isBuffer(value) ? `<${value.length} bytes> ${value.subarray(0, 120).toString('hex')}` : JSON.stringify(value, (_k, v: unknown) => (Buffer.isBuffer(v) ? `<${v.length} bytes>` : v));
  } catch {
    s = String(value);
  }
  return s.length > 400 ? `${s.slice(0, 400)}… (${s.length} characters)` : s;
};

/** Wrap a case function into a fast-check predicate that tallies outcomes and timing. */
function tallied<T>(name: string, run: (value: T) => Promise<CaseResult> | CaseResult, observe: CaseObserver | undefined) {
  // `last`: the latest failing call — after shrinking, the counterexample's own failure.
  const report = { outcomes: {} as Record<string, number>, slowestMs: 0, slowestCase: '', calls: 0, last: null as PropertyReport['failure'] };
  const predicate = async (value: T): Promise<boolean> => {
    report.calls++;
    observe?.(name, () => preview(value));
    const started = performance.now();
    let result: CaseResult;
    try {
      result = await run(value);
    } catch (error) {
      result = { kind: 'crash', message: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) };
    }
    const ms = performance.now() - started;
    if (ms > report.slowestMs) {
      report.slowestMs = ms;
      report.slowestCase = preview(value);
    }
    if ('outcome' in result) {
      for (const [key, n] of [[result.outcome, 1] as const, ...Object.entries(result.add ?? {})]) report.outcomes[key] = (report.outcomes[key] ?? 0) + n;
      return true;
    }
    report.last = { kind: result.kind, message: result.message, counterexample: preview(value), path: null };
    return false;
  };
  return { report, predicate };
}

async function runProperty<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  run: (value: T) => Promise<CaseResult> | CaseResult,
  numRuns: number,
  seed: number,
  observe: CaseObserver | undefined,
): Promise<PropertyReport> {
  const { report, predicate } = tallied(name, run, observe);
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), { numRuns, seed });
  let failure = report.last;
  if (details.failed) {
    const message = failure?.message ?? (details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance));
    failure = { kind: failure?.kind ?? 'crash', message, counterexample: preview(details.counterexample?.[0]), path: details.counterexamplePath };
  }
  return {
    name,
    runs: details.numRuns,
    shrinks: details.numShrinks,
    outcomes: report.outcomes,
    failure: details.failed ? failure : null,
    slowestMs: report.slowestMs,
    slowestCase: report.slowestCase,
    seed: details.seed,
  };
}

/** A document's verdict: sane, or the failure naming its problems. */
function verdict(doc: ReturnType<typeof analyze>): CaseResult {
  const problems = docProblems(doc);
  return problems.length === 0 ? { outcome: 'document' } : { kind: 'failure', message: problems.slice(0, 5).join('; ') };
}

/** An exception's verdict: a typed input error is an answer; anything else is a crash. */
function thrown(error: unknown): CaseResult {
  if (error instanceof InputError) return { outcome: error.name === 'BudgetExceeded' ? 'over budget' : 'input error' };
  throw error;
}

// ---------------------------------------------------------------------------------------------------------------
// Properties

/** `analyze-object`: article objects, read as ingest reads them, analyzed within random budgets. */
export const analyzeObject: FuzzProperty = {
  name: 'analyze-object',
  run: (numRuns, seed, observe) =>
    runProperty('analyze-object', fc.tuple(fuzzArticle, fuzzBudgets), ([article, budgets]) => {
      try {
        const raw = JSON.stringify(article);
        return verdict(analyze(inputFromFields(JSON.parse(raw), raw), budgets));
      } catch (error) {
        return thrown(error);
      }
    }, numRuns, seed, observe),
};

/** `analyze-bytes`: raw bytes read as a file of a random kind, analyzed within random budgets. */
export const analyzeBytes: FuzzProperty = {
  name: 'analyze-bytes',
  run: (numRuns, seed, observe) =>
    runProperty('analyze-bytes', fc.tuple(fuzzBytes, fc.constantFrom(null, 'a.txt', 'a.html', 'a.json'), fuzzBudgets), ([bytes, name, budgets]) => {
      try {
        return verdict(analyze(inputFromBytes(bytes, name), budgets));
      } catch (error) {
        return thrown(error);
      }
    }, numRuns, seed, observe),
};

/** A JSONL line of a batch: an article, a fuzzed text (mostly not JSON), or a JSON value that is no article. */
const fuzzLine = fc.oneof(
  { arbitrary: fuzzArticle.map((a) => JSON.stringify(a)), weight: 6 },
  { arbitrary: fuzzText.map((t) => t.replace(/[\n\r\u2028\u2029]/g, ' ')), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'), weight: 1 },
  { arbitrary: fc.constantFrom('', '   ', '\t'), weight: 1 },
);

/** `ingest`: JSONL batches through the reader and ingest into one SQLite store; every line accounted for. */
export function ingestProperty(): FuzzProperty {
  return {
    name: 'ingest',
    run: async (numRuns, seed, observe) => {
      const dir = mkdtempSync(join(tmpdir(), 'marsad-fuzz-ingest-'));
      const store = await openStore(join(dir, 'fuzz.db'));
      try {
        const first = JSON.stringify({ title: 'خبر', text: ARTICLE });
        let batches = 0;
        const batch = fc.tuple(fc.array(fuzzLine, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 6 }), fuzzBudgets);
        return await runProperty('ingest', batch, async ([lines, cuts, budgets]) => {
          // The first line is an article object, so the stream is read as JSONL.
          const all = [first, ...lines];
          const bytes = Buffer.from(all.join('\n'), 'utf8');
          // Every non-blank line is an item; so is a line over the size budget, which is refused unread.
          const expected = all.filter((l) => l.replace(/\r$/, '').trim() !== '' || Buffer.byteLength(l) > budgets.maxBytes).length;
          const before = await store.stats();
          // Each batch has origins of its own: the store keeps one error per origin and reason.
          const origin = `fuzz-${++batches}`;
          const counts = await ingestItems(readStdin(chunks(bytes, cuts), { maxBytes: budgets.maxBytes }, origin), { store, workers: 0, budgets });
          const after = await store.stats();
          const problems: string[] = [];
          if (counts.read !== expected) problems.push(`read ${counts.read} items of ${expected} non-blank lines`);
          const accounted = counts.skipped + counts.inserted + counts.duplicates + counts.errors;
          if (accounted !== counts.read) problems.push(`${counts.read} read but ${accounted} accounted for (${JSON.stringify(counts)})`);
          if (after.documents - before.documents !== counts.inserted) problems.push(`${counts.inserted} inserted but the store has ${after.documents - before.documents} more documents`);
          if (after.errors - before.errors !== counts.errors) problems.push(`${counts.errors} errors counted but the store has ${after.errors - before.errors} more`);
          const recorded = counts.errors > 0 ? await store.errors({ limit: counts.errors }) : [];
          if (recorded.some((e) => !e.origin.startsWith(`${origin}:`) || !e.reason.trim())) problems.push('an error record without its origin or reason');
          if (problems.length > 0) return { kind: 'failure', message: problems.join('; ') };
          return { outcome: 'batch', add: { 'items stored': counts.inserted, 'items already stored or duplicates': counts.skipped + counts.duplicates, 'error records': counts.errors } };
        }, numRuns, seed, observe);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The bytes as a stream of chunks cut at the given sizes (the last chunk takes the rest). */
async function* chunks(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of cuts) {
    if (at >= bytes.length) return;
    yield bytes.subarray(at, at + cut);
    at += cut;
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

const TOKEN = 'fuzz-token-0123456789abcdef';

/** The routes, as path templates: `:doc` and `:event` take a stored id, a fuzzed one, or a hostile segment. */
const ROUTES = [
  'GET /healthz', 'GET /openapi.json', 'GET /docs', 'GET /docs.css', 'GET /', 'POST /api/analyze', 'POST /api/documents',
  'GET /api/documents/:doc', 'GET /api/events', 'GET /api/events/:event/corrections', 'POST /api/events/:event/corrections',
  'GET /api/search', 'GET /api/stats', 'GET /api/stats/timeline', 'GET /api/stats/map', 'GET /api/actors/graph', 'GET /api/alerts',
  'GET /api/nowhere', 'GET /../../etc/passwd', 'GET /%2e%2e/%2e%2e/package.json',
];
const QUERY_KEYS = ['q', 'since', 'until', 'type', 'country', 'actor', 'one_per_cluster', 'limit', 'cursor', 'day', 'baseline_days', 'min_events', 'threshold', 'format', '__proto__', 'constructor'];

/** Percent-encode the UTF-8 bytes of a string (a lone surrogate becomes U+FFFD's bytes, as a browser sends it). */
const percentEncode = (s: string): string =>
  [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** A fuzzed request. */
interface FuzzRequest {
  route: string;
  segment: string;
  query: Array<[string, string]>;
  /** Appended to the query string as it is: malformed escapes, repeated and bracketed keys. */
  rawQuery: string;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
  contentType: string | null;
  token: 'valid' | 'none' | 'wrong';
}

const segment = fc.oneof(
  fc.constantFrom(':stored', '0123456789abcdef', '0123456789abcdef-1', 'zz', '..', '%2e%2e', '%00', '%ff', '%E2%80%AE', "'; DROP TABLE documents; --"),
  fc.string({ unit: 'binary', maxLength: 30 }).map(percentEncode),
);

const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  route: fc.oneof({ arbitrary: fc.constantFrom('POST /api/analyze', 'POST /api/documents'), weight: 1 }, { arbitrary: fc.constantFrom(...ROUTES), weight: 2 }),
  segment,
  query: fc.oneof(
    { arbitrary: fc.constant<Array<[string, string]>>([]), weight: 3 },
    {
      arbitrary: fc.array(fc.tuple(
        fc.oneof({ arbitrary: fc.constantFrom(...QUERY_KEYS), weight: 5 }, { arbitrary: fc.string({ maxLength: 10 }), weight: 1 }),
        fc.oneof(fuzzText.map((t) => t.slice(0, 300)), numberOrDate, fc.constantFrom('', 'AGREE,ASSAULT', 'IRQ,SYR', 'true', '2024-03-11', '2024-03', '20', '-1', '1e9', 'NaN')),
      ), { minLength: 1, maxLength: 4 }),
      weight: 2,
    },
  ),
  rawQuery: fc.oneof(
    { arbitrary: fc.constant(''), weight: 8 },
    { arbitrary: fc.constantFrom('%ff=%fe', 'q=%', 'q=%zz', 'q[a]=b', 'q=1&q=2', 'limit=1&limit=2', 'since=2024-02-30', 'cursor=%00', '=', '&&&', 'q=%E2%80%AE%D8%A7'), weight: 1 },
  ),
  body: fc.oneof(
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 2 },
    { arbitrary: fuzzArticle.map((value) => ({ kind: 'json' as const, value })), weight: 4 },
    { arbitrary: fc.array(fuzzArticle, { maxLength: 3 }).map((documents) => ({ kind: 'json' as const, value: { documents } })), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'json' as const, value })), weight: 1 },
    { arbitrary: fc.record({ wrong: fc.boolean(), event: fc.constantFrom('ASSAULT', 'NOPE'), note: fuzzText }, { requiredKeys: [] }).map((value) => ({ kind: 'json' as const, value })), weight: 1 },
    {
      arbitrary: fc.oneof(fuzzText, fc.constantFrom('{', '{"text": "قال"', '[]', 'null', '{"__proto__": {"x": 1}, "text": "قال"}', '{"text": "a"}{"text": "b"}')).map((text) => ({ kind: 'raw' as const, text })),
      weight: 1,
    },
  ),
  contentType: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 6 },
    { arbitrary: fc.constantFrom('application/json; charset=utf-8', null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'), weight: 1 },
  ),
  token: fc.oneof({ arbitrary: fc.constant('valid' as const), weight: 4 }, { arbitrary: fc.constantFrom('none' as const, 'wrong' as const), weight: 1 }),
});

/** `api`: random requests against an app over a store of a few documents: always a status below 500, JSON on the API. */
export function apiProperty(): FuzzProperty {
  return {
    name: 'api',
    run: async (numRuns, seed, observe) => {
      const dir = mkdtempSync(join(tmpdir(), 'marsad-fuzz-api-'));
      const store: Store = await openStore(join(dir, 'api.db'));
      let app: FastifyInstance | null = null;
      try {
        const docIds: string[] = [];
        const eventIds: string[] = [];
        for (const [i, text] of ARTICLE.split('\n').entries()) {
          const value = { title: `خبر ${i}`, text, published: '2024-03-11' };
          const raw = JSON.stringify(value);
          const analyzed = analyzeItem({ origin: 'fuzz', raw, input: inputFromFields(value, raw) });
          docIds.push((await commitDocument(store, analyzed)).id);
          eventIds.push(...analyzed.doc.events.map((e) => e.id));
        }
        app = await buildApp(store, { token: TOKEN, webRoot: null, rateLimit: { max: 1e9, timeWindow: '1 minute' } });
        const server = app;
        return await runProperty('api', fuzzRequest, async (request) => {
          const [method, template] = request.route.split(' ') as [string, string];
          const stored = template.includes(':event') ? eventIds[0] ?? '0123456789abcdef-1' : docIds[0]!;
          const path = template.replace(/:doc|:event/, request.segment === ':stored' ? stored : request.segment);
          const query = [...request.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`), ...(request.rawQuery ? [request.rawQuery] : [])].join('&');
          const headers: Record<string, string> = {};
          if (request.contentType !== null) headers['content-type'] = request.contentType;
          if (request.token !== 'none') headers.authorization = `Bearer ${request.token === 'valid' ? TOKEN : 'not-the-token-at-all'}`;
          const payload = request.body.kind === 'none' ? undefined : request.body.kind === 'json' ? JSON.stringify(request.body.value) ?? 'null' : request.body.text;
          const response = await server.inject({ method: method as 'GET' | 'POST', url: query ? `${path}?${query}` : path, headers, ...(payload !== undefined ? { payload } : {}) });
          if (response.statusCode >= 500) return { kind: 'failure', message: `${method} ${path}: ${response.statusCode} ${response.body.slice(0, 300)}` };
          const api = path.startsWith('/api/') || path === '/healthz' || path === '/openapi.json';
          if (api || response.statusCode >= 400) {
            let body: unknown;
            try {
              body = JSON.parse(response.body);
            } catch {
              return { kind: 'failure', message: `${method} ${path}: ${response.statusCode} answered no JSON: ${response.body.slice(0, 200)}` };
            }
            if (response.statusCode >= 400) {
              const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
              if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message === '') {
                return { kind: 'failure', message: `${method} ${path}: ${response.statusCode} error not in the API's {error: {code, message}} shape: ${response.body.slice(0, 200)}` };
              }
            }
            if (method === 'POST' && path === '/api/analyze' && response.statusCode === 200) return verdict(body as ReturnType<typeof analyze>);
          }
          return { outcome: String(response.statusCode) };
        }, numRuns, seed, observe);
      } finally {
        await app?.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Every property, in the order they run. */
export function fuzzProperties(): FuzzProperty[] {
  return [analyzeObject, analyzeBytes, ingestProperty(), apiProperty()];
}

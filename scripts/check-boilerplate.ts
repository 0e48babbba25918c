/**
 * Checks `model/boilerplate.json` against the three scraped corpora in ../shared/data/corpus: for each
 * pattern, how many lines and articles it removes and up to 5 sample lines (read them: every one must be
 * junk); then the frequent short lines that no pattern removes, with the reason they were left alone, so a
 * reviewer sees both sides of each decision.
 * Run: node --import tsx scripts/check-boilerplate.ts [--samples N] [--min-articles N]
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { samples: { type: 'string' }, 'min-articles': { type: 'string' } },
});
const SAMPLES = Number(values.samples ?? 5);
const MIN_ARTICLES = Number(values['min-articles'] ?? 20);
/** Same limits as the stage (src/text/strip-boilerplate.ts). */
const MAX_LINE = 200;
const LAST_LINES = 3;
/** Longest line the "left alone" report considers. */
const SHORT_LINE = 60;

const CORPUS = fileURLToPath(new URL('../../shared/data/corpus/', import.meta.url));
const FILES = ['ant_jawharafm_v1.1.jsonl.gz', 'ant_multisource_v2.1.jsonl.gz', 'saudinewsnet.jsonl.gz'];

interface Pattern { id: string; where: 'line' | 'last'; pattern: string; reason: string; examples?: string[] }
const model = JSON.parse(readFileSync(new URL('../model/boilerplate.json', import.meta.url), 'utf8')) as { patterns: Pattern[] };
const compiled = model.patterns.map((p) => ({ p, re: new RegExp(`^(?:${p.pattern})$`, 'u') }));

/**
 * Frequent lines reviewed and deliberately not removed. The first regex that matches a left-alone line
 * gives its reason in the report; lines with no reason are new and need a look.
 */
const LEFT_ALONE: Array<[RegExp, string]> = [
  [/^Next Previous /u, 'slider text glued to a dateline: removing the line would drop the dateline'],
  [/^.{2,30} [–-] (?:عين اليوم|متابعات|واس|.{2,15})$/u, 'byline/dateline ("عين اليوم – الرياض"): the header splitter\'s job, it carries place and agency'],
  [/^ال.{2,12} \d+ .{3,8} \d{4} ه?ـ? ?الموافق/u, 'SPA dateline with Hijri and Gregorian dates: header, not junk'],
  [/^(?:[اأ]ولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا)\u064B? ?:$/u, 'enumeration heading inside a royal order or statement'],
  [/^(?:\d+ ?[-.]|- ?\d+|[*•●] )/u, 'list item or Q&A bullet: content'],
  [/^(?:\.|\*)$/u, 'stray punctuation: harmless, and not page furniture'],
  [/(?:الله|السلام عليكم|اللقاء|نلتقي|مبروك|تهانينا|بقية|السبيل)/u, 'author sign-off or greeting: part of the column'],
  [/^(?:الأداء العام للسوق|أداء الأسهم|أداء القطاعات|وفيما يلي)/u, 'market-report section heading: content'],
  [/^(?:نحن |ملك المملكة|سلمان بن عبدالعزيز|بعون الله|بسم الله)/u, 'royal order preamble: content'],
  [/^مذكرات (?:وسيرة )?فاتن/u, 'serial title repeated in each episode: content'],
  [/^#/u, 'hashtag heading of a book review series: content'],
  [/^(?:السطر الأخير|وقد أعد مرسوم)/u, 'column section heading / formula of a decree: content'],
  [/^[\p{L} .]{2,25}$/u, 'a bare name or heading (author, section): not boilerplate by itself'],
  [/^\*\s?.{2,40}$/u, 'author role line ("* استشاري طب الأطفال"): describes the writer, kept'],
];

function normalize(line: string): string {
  return line.replace(/[\u0640\u200B-\u200F\u2060\uFEFF]/gu, '').replace(/\s+/gu, ' ').trim();
}

interface Hits { lines: number; articles: number; samples: Set<string>; byCorpus: Map<string, number> }
const hits = new Map<string, Hits>(compiled.map(({ p }) => [p.id, { lines: 0, articles: 0, samples: new Set(), byCorpus: new Map() }]));
/** Unmatched short line → [articles, corpora]. */
const unmatched = new Map<string, { articles: number; corpora: Set<string> }>();
let articles = 0;
let totalLines = 0;

for (const file of FILES) {
  const corpus = file.replace(/\.jsonl\.gz$/u, '');
  const rl = createInterface({ input: createReadStream(CORPUS + file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const raw of rl) {
    if (!raw.trim()) continue;
    const record = JSON.parse(raw) as { text?: string; content?: string };
    const lines = (record.text ?? record.content ?? '').split('\n').map(normalize).filter(Boolean);
    articles++;
    totalLines += lines.length;
    const hitHere = new Set<string>();
    const shortHere = new Set<string>();
    lines.forEach((line, index) => {
      if (line.length > MAX_LINE) return;
      const isLast = index >= lines.length - LAST_LINES;
      const hit = compiled.find(({ p, re }) => (p.where === 'line' || isLast) && re.test(line));
      if (hit) {
        const h = hits.get(hit.p.id)!;
        h.lines++;
        h.byCorpus.set(corpus, (h.byCorpus.get(corpus) ?? 0) + 1);
        if (h.samples.size < SAMPLES) h.samples.add(line);
        hitHere.add(hit.p.id);
      } else if (line.length <= SHORT_LINE) {
        shortHere.add(line);
      }
    });
    for (const id of hitHere) hits.get(id)!.articles++;
    for (const line of shortHere) {
      const u = unmatched.get(line) ?? { articles: 0, corpora: new Set<string>() };
      u.articles++;
      u.corpora.add(corpus);
      unmatched.set(line, u);
    }
  }
}

console.log(`${articles} articles, ${totalLines} non-empty lines, ${compiled.length} patterns\n`);
console.log('Pattern matches (line = anywhere, last = among the last 3 lines):');
let removed = 0;
for (const { p } of compiled) {
  const h = hits.get(p.id)!;
  removed += h.lines;
  const corpora = [...h.byCorpus].map(([c, n]) => `${c} ${n}`).join(', ');
  console.log(`\n${p.id} [${p.where}] ${h.lines} lines in ${h.articles} articles${corpora ? ` (${corpora})` : ''}`);
  for (const s of h.samples) console.log(`    ${JSON.stringify(s)}`);
}
console.log(`\n${removed} lines removed in all.\n`);

console.log(`Short lines (≤ ${SHORT_LINE} chars) in ≥ ${MIN_ARTICLES} articles that no pattern removes:`);
const left = [...unmatched].filter(([, u]) => u.articles >= MIN_ARTICLES).sort((a, b) => b[1].articles - a[1].articles);
for (const [line, u] of left) {
  const why = LEFT_ALONE.find(([re]) => re.test(line))?.[1] ?? 'NOT REVIEWED';
  console.log(`  ${String(u.articles).padStart(5)}  ${JSON.stringify(line)}  [${[...u.corpora].join(', ')}] — ${why}`);
}

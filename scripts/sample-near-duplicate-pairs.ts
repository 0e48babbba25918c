/**
 * Draw the near-duplicate evaluation pairs from SaudiNewsNet (14 Saudi outlets, July–August 2015, many carrying the
 * same SPA wire stories) and ANT multisource v2.1 (5 outlets, 2018). Deterministic: every choice is by a hash of the
 * article ids, never by chance. Pairs come from seven strata, from clear duplicates to unrelated articles, so the
 * set is roughly balanced between duplicates and non-duplicates and covers the whole similarity range:
 *
 *   A ≥ 0.8, B 0.5–0.8, C 0.3–0.5, D 0.15–0.3, E 0.05–0.15 estimated shingle Jaccard (another outlet);
 *   F < 0.05 but sharing at least 5 rare words (same topic, likely another report); G unrelated (same corpus).
 *
 * Writes test/eval/near-duplicates/pairs.jsonl (one line per pair, in a hashed order that mixes the strata, with
 * no similarity or stratum on it so that labeling is done from the texts alone), and prints per-stratum counts
 * and the LSH false-candidate load on the whole corpora.
 * Run: node --import tsx scripts/sample-near-duplicate-pairs.ts   (needs ../shared/data/corpus)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { estimateSimilarity, lshBands, minhashSignature, SIGNATURE_SIZE } from '../src/ingest/near-duplicates.js';
import { foldString } from '../src/text/fold.js';

const CORPORA = new URL('../../shared/data/corpus/', import.meta.url);
const OUT_DIR = new URL('../test/eval/near-duplicates/', import.meta.url);
// Long enough to be a news report, short enough to be read in full when labeling.
const MIN_CHARS = 300;
const MAX_CHARS = 3500;
// A minhash value shared by more documents than this is boilerplate, not evidence of a shared story.
const MAX_BUCKET = 60;
// A rare word: in at least 2 and at most this many documents of the corpus.
const RARE_DF = 20;
const MIN_SHARED_RARE = 5;

interface Article {
  id: string;
  source: string;
  title: string;
  text: string;
}

interface Stratum {
  name: string;
  /** Pairs to draw, per corpus. */
  take: Record<string, number>;
  accept: (c: Candidate) => boolean;
}

interface Candidate {
  a: number;
  b: number;
  similarity: number;
  sharedRare: number;
  /** Drawn as a random pair (not as a candidate). */
  random: boolean;
}

const hash = (s: string): string => createHash('sha256').update(`near-duplicates:${s}`).digest('hex');

function readJsonl(name: string): Array<Record<string, string>> {
  return gunzipSync(readFileSync(new URL(name, CORPORA))).toString('utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, string>);
}

/** The corpus's articles in the pairs file's shape (ids: docno for ANT, url for SaudiNewsNet). */
function loadCorpus(corpus: string): Article[] {
  const rows = corpus === 'saudinewsnet'
    ? readJsonl('saudinewsnet.jsonl.gz').map((r) => ({ id: r.url ?? '', source: r.source ?? '', title: r.title ?? '', text: r.content ?? '' }))
    : readJsonl('ant_multisource_v2.1.jsonl.gz').map((r) => ({ id: r.docno ?? '', source: r.source ?? '', title: r.title ?? '', text: r.text ?? '' }));
  const seen = new Set<string>();
  return rows.filter((r) => {
    const n = r.text.trim().length;
    if (!r.id || seen.has(r.id) || n < MIN_CHARS || n > MAX_CHARS) return false;
    seen.add(r.id);
    return true;
  });
}

/** Pairs sharing at least two minhash values (estimated Jaccard ≥ 2/128), with the number shared. */
function minhashPairs(sigs: Uint32Array[]): Map<number, number> {
  const n = sigs.length;
  const counts = new Map<number, number>();
  for (let pos = 0; pos < SIGNATURE_SIZE; pos++) {
    const buckets = new Map<number, number[]>();
    for (let d = 0; d < n; d++) {
      const v = sigs[d]![pos]!;
      const list = buckets.get(v);
      if (list) list.push(d);
      else buckets.set(v, [d]);
    }
    for (const list of buckets.values()) {
      if (list.length < 2 || list.length > MAX_BUCKET) continue;
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const key = list[i]! * n + list[j]!;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
  }
  for (const [key, c] of counts) if (c < 2) counts.delete(key);
  return counts;
}

/** The folded words (3+ letters) of a text, as a set. */
function wordSet(text: string): Set<string> {
  return new Set(foldString(text).split(/[^\p{L}\p{M}]+/u).filter((w) => w.length >= 3));
}

/** Pairs sharing at least MIN_SHARED_RARE rare words, with the number shared. */
function rareWordPairs(articles: Article[]): Map<number, number> {
  const n = articles.length;
  const postings = new Map<string, number[]>();
  articles.forEach((a, d) => {
    for (const w of wordSet(`${a.title}\n${a.text}`)) {
      const list = postings.get(w);
      if (!list) postings.set(w, [d]);
      else if (list.length <= RARE_DF) list.push(d);
    }
  });
  const counts = new Map<number, number>();
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > RARE_DF) continue;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const key = list[i]! * n + list[j]!;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

const crossOutlet = (articles: Article[]) => (c: Candidate): boolean => articles[c.a]!.source !== articles[c.b]!.source;

function strata(articles: Article[]): Stratum[] {
  const other = crossOutlet(articles);
  const band = (lo: number, hi: number) => (c: Candidate): boolean => other(c) && c.similarity >= lo && c.similarity < hi;
  return [
    { name: 'A ≥0.8', take: { saudinewsnet: 13, ant: 7 }, accept: band(0.8, 1.01) },
    { name: 'B 0.5–0.8', take: { saudinewsnet: 13, ant: 7 }, accept: band(0.5, 0.8) },
    { name: 'C 0.3–0.5', take: { saudinewsnet: 13, ant: 7 }, accept: band(0.3, 0.5) },
    { name: 'D 0.15–0.3', take: { saudinewsnet: 13, ant: 7 }, accept: band(0.15, 0.3) },
    { name: 'E 0.05–0.15', take: { saudinewsnet: 13, ant: 7 }, accept: band(0.05, 0.15) },
    { name: 'F same topic', take: { saudinewsnet: 13, ant: 7 }, accept: (c) => c.similarity < 0.05 && c.sharedRare >= MIN_SHARED_RARE },
    { name: 'G unrelated', take: { saudinewsnet: 8, ant: 4 }, accept: (c) => c.random && c.similarity < 0.03 && c.sharedRare <= 1 },
  ];
}

/** Unrelated candidates: consecutive articles in a hashed order of the corpus. */
function randomPairs(articles: Article[], sigs: Uint32Array[], rare: Map<number, number>): Candidate[] {
  const order = articles.map((a, d) => ({ d, h: hash(`random:${a.id}`) })).sort((x, y) => x.h.localeCompare(y.h)).map((x) => x.d);
  const out: Candidate[] = [];
  for (let i = 0; i + 1 < order.length && out.length < 500; i += 2) {
    const [a, b] = [order[i]!, order[i + 1]!].sort((x, y) => x - y) as [number, number];
    out.push({ a, b, similarity: estimateSimilarity(sigs[a]!, sigs[b]!), sharedRare: rare.get(a * articles.length + b) ?? 0, random: true });
  }
  return out;
}

/** How many other documents share at least one LSH band with a document, on average (the store's candidate load). */
function bandLoad(sigs: Uint32Array[]): number {
  const buckets = new Map<string, number[]>();
  sigs.forEach((s, d) => {
    for (const k of lshBands(s)) {
      const list = buckets.get(k);
      if (list) list.push(d);
      else buckets.set(k, [d]);
    }
  });
  let total = 0;
  sigs.forEach((s, d) => {
    const others = new Set<number>();
    for (const k of lshBands(s)) for (const o of buckets.get(k)!) if (o !== d) others.add(o);
    total += others.size;
  });
  return total / sigs.length;
}

interface PairLine {
  corpus: string;
  a: Article;
  b: Article;
  key: string;
}

function drawCorpus(corpus: string, used: Set<string>): { lines: PairLine[]; report: string[] } {
  const articles = loadCorpus(corpus);
  const sigs = articles.map((a) => minhashSignature(`${a.title}\n${a.text}`));
  const n = articles.length;
  const mh = minhashPairs(sigs);
  const rare = rareWordPairs(articles);
  const candidates = new Map<number, Candidate>();
  for (const key of new Set([...mh.keys(), ...[...rare].filter(([, c]) => c >= MIN_SHARED_RARE).map(([k]) => k)])) {
    const a = Math.floor(key / n);
    const b = key % n;
    candidates.set(key, { a, b, similarity: estimateSimilarity(sigs[a]!, sigs[b]!), sharedRare: rare.get(key) ?? 0, random: false });
  }
  const pool = [...candidates.values(), ...randomPairs(articles, sigs, rare)];
  const ranked = pool.map((c) => ({ c, h: hash(`${articles[c.a]!.id}|${articles[c.b]!.id}`) })).sort((x, y) => x.h.localeCompare(y.h));
  const lines: PairLine[] = [];
  const report = [`${corpus}: ${n} articles of ${MIN_CHARS}–${MAX_CHARS} characters, ${candidates.size} candidate pairs, `
    + `${bandLoad(sigs).toFixed(2)} other documents per document share an LSH band`];
  for (const s of strata(articles)) {
    const want = s.take[corpus] ?? 0;
    const fits = ranked.filter(({ c }) => s.accept(c));
    let got = 0;
    for (const { c, h } of fits) {
      if (got === want) break;
      const a = articles[c.a]!;
      const b = articles[c.b]!;
      // Each article at most once in the whole set, so that one wire story published by ten outlets is not ten pairs.
      if (used.has(a.id) || used.has(b.id)) continue;
      used.add(a.id);
      used.add(b.id);
      lines.push({ corpus, a, b, key: h });
      got++;
    }
    report.push(`  ${s.name}: ${got} of ${want} (${fits.length} candidates)`);
  }
  return { lines, report };
}

const used = new Set<string>();
const drawn = ['saudinewsnet', 'ant'].map((c) => drawCorpus(c, used));
const all = drawn.flatMap((d) => d.lines).sort((x, y) => hash(`order:${x.key}`).localeCompare(hash(`order:${y.key}`)));
const trim = (a: Article): Article => ({ id: a.id, source: a.source, title: a.title, text: a.text });
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(new URL('pairs.jsonl', OUT_DIR),
  all.map((p, pair) => JSON.stringify({ pair, corpus: p.corpus, a: trim(p.a), b: trim(p.b) })).join('\n') + '\n');
for (const d of drawn) console.log(d.report.join('\n'));
console.log(`${all.length} pairs → test/eval/near-duplicates/pairs.jsonl`);

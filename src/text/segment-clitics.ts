/**
 * Arabic clitic segmentation: one word token → spans for its proclitics (و ف, ب ل ك, س, ال), its stem and an
 * attached pronoun, as offsets into the word exactly as written (harakat stay with the letter before them).
 *
 *   وبالعراق → و conj · ب prep · ال article · عراق stem
 *   للسلطة   → ل prep · ل article · سلطة stem      (ل + ال: the article's alef is not written, so the
 *                                                 article span is the second ل alone)
 *   حكومته   → حكومت stem · ه pron
 *
 * A clitic is split off only when what remains is a word the corpus uses on its own, often enough compared
 * with the whole token (counts in model/clitics/lexicon.json, built by scripts/build-clitic-lexicon.ts).
 * That keeps بغداد, كتاب, وزير, لبنان whole: غداد, تاب, زير, بنان are rare or absent as words.
 *
 * Matching uses a light fold (harakat, tatweel dropped; ٱ → ا; Persian ک ی → ك ي) that, unlike DESIGN §4's
 * fold, keeps hamza forms, ة and ى: they carry the evidence (كان is not ك + أن, حكومة has no pronoun ه).
 */
import { readFileSync } from 'node:fs';

/** What a span of a word is. */
export type CliticKind = 'conj' | 'prep' | 'article' | 'future' | 'stem' | 'pron';

/** One span of a word: 0-based offsets into the word, end exclusive. */
export interface CliticPart {
  /** Offset of the span's first code unit in the word. */
  start: number;
  /** Offset just past the span (harakat written on its last letter included). */
  end: number;
  /** What the span is. */
  kind: CliticKind;
}

/** A word split into contiguous spans that cover it, with exactly one `stem`. */
export interface CliticParts {
  /** Spans in order, from offset 0 to the word's length. */
  parts: CliticPart[];
}

// Letters by code unit; named so the rules below read like the grammar.
const WAW = 0x648, FA = 0x641, BA = 0x628, LAM = 0x644, KAF = 0x643, SIN = 0x633, ALEF = 0x627;
const ALEF_HAMZA = 0x623, YA = 0x64a, TA = 0x62a, NUN = 0x646, HA = 0x647, MIM = 0x645;
const TA_MARBUTA = 0x629, ALEF_MAQSURA = 0x649, HAMZA = 0x621, WAW_HAMZA = 0x624, YA_HAMZA = 0x626;

/** Light-fold one code unit: 0 to drop it (harakat, tatweel), else the code unit to match on. */
function foldCode(c: number): number {
  if (c < 0x64b) return c;
  if (c <= 0x65f || c === 0x670 || c === 0x640 || (c >= 0x6d6 && c <= 0x6ed)) return 0;
  return c < 0x671 ? c : (PERSIAN[c] ?? c);
}
// Persian/Urdu letters as src/text/fold.ts maps them, plus alef wasla.
const PERSIAN: Record<number, number> = {
  0x671: ALEF, 0x6cc: YA, 0x6d2: YA, 0x6cd: YA, 0x6d0: YA, 0x6c0: 0x647, 0x6c1: 0x647, 0x6be: 0x647, 0x6d5: 0x647,
  0x6a9: KAF, 0x6aa: KAF, 0x6ab: KAF, 0x6af: KAF, 0x67e: BA, 0x686: 0x62c, 0x698: 0x632, 0x6a4: FA, 0x6a5: FA,
  0x6a8: 0x642, 0x66f: 0x642,
};

/** The light-folded matching key of a word, as the lexicon stores it. */
export function cliticKey(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = foldCode(word.charCodeAt(i));
    if (c !== 0) out += String.fromCharCode(c);
  }
  return out;
}

// Attached pronouns, longest first so a candidate list never needs sorting. ي alone is handled apart: it
// is also the nisba ending (دولي, عسكري), so it only comes off the few prepositions flagged TAKES_YA.
const ENCLITICS: readonly (readonly number[])[] = [
  [HA, MIM, ALEF], [KAF, MIM, ALEF], [HA, MIM], [HA, NUN], [HA, ALEF], [KAF, MIM], [KAF, NUN], [NUN, ALEF],
  [NUN, YA], [HA], [KAF], [YA],
];

// Log-count thresholds (the lexicon stores 2·log2(count), so 2 = a factor of 2): a split needs
// bucket(core) − bucket(word) ≥ the sum of its clitics' thresholds. Mostly negative: the core may be rarer than
// the whole token, since وقال outnumbers قال in news and بلاده outnumbers بلاد. Picked by coordinate descent on
// the even sentences of UD Arabic-PUD (scripts/eval-clitics.ts --half even), then rounded; the odd ones agree.
const T_WAW = -8;
const T_FA = 0; // ف starts many words (فريق, فقد): its core must be at least as common as the whole
const T_BA = -6;
const T_LAM = -4;
const T_KAF = 0; // ك as "like" is rare in news and starts many names (كليا, كلاين)
const T_ELIDED = -12; // لل at the start of a word is ل + ال all but always
const T_FUTURE = -2;
const T_PRON = -8;
const T_NA = 0; // نا also ends names (رونا, مارينا, تينا)
const T_PRON_RARE = 0; // ك كم كما ني: second person and "me" are rare in news, and ذلك/بنك/سمك end the same way
const T_KN = 8; // كن (2nd fem. plural) is all but absent from news; ـكن ends أماكن, مساكن, تمكن
const MIN_SHORT_CORE = 20; // two-letter cores are mostly particles (في من عن مع): only frequent ones (≥ ~700)
const MIN_CORE = 5; // bucket of count 3–4: rarer cores are noise (typos, names)
const CLITIC_BONUS = 2; // per clitic: a deeper split wins over a shallower one whose core is at most 2× as common

const NOSPLIT = 1; // whole word is a lexeme that merely looks cliticised (كما, لكن, الذي)
const TAKES_YA = 2; // preposition that takes the 1st-person ي (مني, عني, معي, لدي)
const FORCE = 4; // compound preposition or adverb whose ب the counts alone would keep (بشكل, بسبب)

// Lexemes the counts alone would split (the core is a frequent word too). Kept short: each one is a reading
// we give up (كما is never ك + ما here).
const NOSPLIT_WORDS = [
  'كما', 'لكن', 'كي', 'لكي', 'كيف', 'لدى', 'لذا', 'بل', 'بينما', 'كلما', 'ربما', 'إنما', 'طالما',
  'لعل', 'ليت', 'كأن', 'فيما', 'مما', 'عما', 'ولي', 'الذي', 'التي', 'الذين', 'اللذان', 'اللتان', 'اللذين', 'اللتين',
  'اللاتي', 'اللواتي', 'اللائي', 'الا', 'الى', 'كلا', 'لماذا', 'بات', 'باتت', 'لقد', 'كان', 'كانت', 'كانوا', 'كنت',
  'كذلك', 'فحسب', 'فقط',
];
// Compound prepositions and adverbs: ب + a noun that is rarer alone than the compound (PADT splits them).
const FORCE_WORDS = [
  'بشكل', 'بشأن', 'بسبب', 'بالنسبة', 'بالإضافة', 'بخصوص', 'بمقدار', 'بواسطة', 'بفضل', 'بحسب', 'بوضوح', 'بالتالي',
  'بالفعل', 'بالضبط', 'بالطبع', 'بالكامل', 'بالتحديد', 'بمثابة', 'بصدد', 'بمجرد', 'بنحو', 'بنسبة', 'بصورة', 'بطريقة',
];
const TAKES_YA_WORDS = ['من', 'عن', 'مع', 'لدى', 'على', 'إلى', 'في'];

// Open-addressing table from a 64-bit fingerprint of a light-folded word to its count bucket and flags,
// so a lookup hashes code units in place instead of slicing strings (the null path allocates nothing).
interface Table { mask: number; h1: Int32Array; h2: Int32Array; bucket: Uint8Array; flags: Uint8Array }
let table: Table | undefined;

const MAX_LETTERS = 64;
const codes = new Int32Array(MAX_LETTERS); // light-folded letters of the current word
const pos = new Int32Array(MAX_LETTERS + 1); // offset in the word of each letter

// Two independent 32-bit hashes: FNV-1a and a multiply-xorshift; together they make false hits negligible.
let hashA = 0;
let hashB = 0;
function hashReset(): void {
  hashA = 0x811c9dc5 | 0;
  hashB = 0x3c6ef372 | 0;
}
function hashFeed(c: number): void {
  hashA = Math.imul(hashA ^ c, 0x01000193);
  hashB = Math.imul(hashB ^ c, 0x5bd1e995);
  hashB ^= hashB >>> 15;
}

/** Slot of the fingerprint in hashA/hashB, or -1. */
function find(t: Table): number {
  let i = (hashB ^ (hashA >>> 7)) & t.mask;
  for (;;) {
    const b = t.bucket[i]!;
    if (b === 0 && t.flags[i] === 0) return -1;
    if (t.h1[i] === hashA && t.h2[i] === hashB) return i;
    i = (i + 1) & t.mask;
  }
}

function insert(t: Table, word: string, bucket: number, flags: number): void {
  hashReset();
  for (let k = 0; k < word.length; k++) hashFeed(word.charCodeAt(k));
  let i = find(t);
  if (i < 0) {
    i = (hashB ^ (hashA >>> 7)) & t.mask;
    while (t.bucket[i] !== 0 || t.flags[i] !== 0) i = (i + 1) & t.mask;
    t.h1[i] = hashA;
    t.h2[i] = hashB;
  }
  if (bucket > t.bucket[i]!) t.bucket[i] = bucket;
  t.flags[i]! |= flags;
}

/** Lexicon file shape: words grouped by count bucket (index = 1 + round(2·log2 count)). */
interface LexiconFile { schema: string; buckets: string[] }

function load(): Table {
  const file = JSON.parse(readFileSync(new URL('../../model/clitics/lexicon.json', import.meta.url), 'utf8')) as LexiconFile;
  if (file.schema !== 'marsad.clitics/1') throw new Error(`model/clitics/lexicon.json has schema ${file.schema}; rebuild it with scripts/build-clitic-lexicon.ts`);
  let n = 2 * NOSPLIT_WORDS.length + TAKES_YA_WORDS.length + FORCE_WORDS.length;
  for (const line of file.buckets) if (line) n += line.split(' ').length;
  let size = 1024;
  while (size < n * 2) size *= 2;
  const t: Table = { mask: size - 1, h1: new Int32Array(size), h2: new Int32Array(size), bucket: new Uint8Array(size), flags: new Uint8Array(size) };
  file.buckets.forEach((line, b) => {
    if (line) for (const w of line.split(' ')) insert(t, w, Math.min(b, 255), 0);
  });
  // ى is often written ي (لدي for لدى): the fixed words hold in both spellings
  for (const w of NOSPLIT_WORDS) for (const v of new Set([w, w.replace(/ى$/, 'ي')])) insert(t, cliticKey(v), 0, NOSPLIT);
  for (const w of TAKES_YA_WORDS) insert(t, cliticKey(w), 0, TAKES_YA);
  for (const w of FORCE_WORDS) insert(t, cliticKey(w), 0, FORCE);
  return t;
}

/** Fingerprint letters [a, b) of the current word, with an optional written-out article in front and the
 * last letter replaced by `last` (≥ 0): the stem's form before a pronoun (حكومت+ه → حكومة). */
function hashRange(a: number, b: number, article: boolean, last: number): void {
  hashReset();
  if (article) {
    hashFeed(ALEF);
    hashFeed(LAM);
  }
  const stop = last >= 0 ? b - 1 : b;
  for (let i = a; i < stop; i++) hashFeed(codes[i]!);
  if (last >= 0) hashFeed(last);
}

function lookup(t: Table, a: number, b: number, article: boolean, last: number): number {
  hashRange(a, b, article, last);
  return find(t);
}

/** Count bucket of a core, trying the spellings a stem takes before a pronoun when `enclitic`; a stem before a
 * pronoun also counts its definite form (بلاده: بلاد is rare, البلاد is not). */
function coreBucket(t: Table, a: number, b: number, article: boolean, enclitic: boolean): number {
  let best = spelled(t, a, b, article, -1);
  if (!enclitic) return best;
  const z = codes[b - 1]!;
  // ة → ت (حكومته), ى → ا (مستواه) or ي (عليه), final hamza → its seat (أبناؤه, أبنائه)
  const alt = z === TA ? TA_MARBUTA : z === ALEF || z === YA ? ALEF_MAQSURA : z === WAW_HAMZA || z === YA_HAMZA ? HAMZA : -1;
  if (alt >= 0) best = Math.max(best, spelled(t, a, b, article, alt));
  if (!article) {
    best = Math.max(best, spelled(t, a, b, true, -1));
    if (alt >= 0) best = Math.max(best, spelled(t, a, b, true, alt));
  }
  return best;
}

function spelled(t: Table, a: number, b: number, article: boolean, last: number): number {
  const s = lookup(t, a, b, article, last);
  return s < 0 ? 0 : t.bucket[s]!;
}

function flagsOf(t: Table, a: number, b: number, last: number): number {
  const s = lookup(t, a, b, false, last);
  return s < 0 ? 0 : t.flags[s]!;
}

/** Letters [a, b) start with the article: ال and 2+ letters, unless the corpus writes ال before the whole
 * (الالتزام: so the ال of التزام is its own). */
function isArticle(t: Table, a: number, b: number): boolean {
  return b - a >= 4 && codes[a] === ALEF && codes[a + 1] === LAM && spelled(t, a, b, true, -1) === 0;
}

/** Split an Arabic word token into clitic spans, or null when it has none (the common, allocation-free path). */
export function segmentClitics(word: string): CliticParts | null {
  // Cheap exit before any folding: no proclitic letter in front and no pronoun letter at the end.
  const first = word.charCodeAt(0);
  let lastAt = word.length - 1;
  while (lastAt > 0 && foldCode(word.charCodeAt(lastAt)) === 0) lastAt--;
  const lastCode = word.charCodeAt(lastAt);
  const front = first === WAW || first === FA || first === BA || first === LAM || first === KAF || first === SIN || first === ALEF || first === 0x671;
  const back = lastCode === HA || lastCode === ALEF || lastCode === MIM || lastCode === NUN || lastCode === YA || lastCode === KAF || lastCode > 0x670;
  if (!front && !back) return null;

  let n = 0;
  for (let i = 0; i < word.length; i++) {
    const c = foldCode(word.charCodeAt(i));
    if (c === 0) continue;
    if (c < 0x621 || c > 0x64a || n === MAX_LETTERS) return null; // not an Arabic word: leave it alone
    codes[n] = c;
    pos[n++] = i;
  }
  if (n < 2) return null;
  pos[n] = word.length;

  const t = (table ??= load());
  let s = lookup(t, 0, n, false, -1);
  if (s >= 0 && (t.flags[s]! & NOSPLIT) !== 0) return null;
  const wordB = s < 0 ? 0 : t.bucket[s]!;

  // Best candidate so far: clitic lengths and elision; score = core bucket (deeper cores are more frequent
  // words, so the most frequent core is the fullest segmentation the counts support).
  let bestScore = -1;
  let bConj = 0, bPre = 0, bPreKind = 0, bElided = false, bEnc = 0;
  const forced = s >= 0 && (t.flags[s]! & FORCE) !== 0;

  const c0 = codes[0]!;
  const conjMax = c0 === WAW || c0 === FA ? 1 : 0;
  for (let conj = 0; conj <= conjMax; conj++) {
    const i1 = conj;
    const tConj = conj === 0 ? 0 : c0 === WAW ? T_WAW : T_FA;
    // A conjunction in front of a fixed lexeme (وكما, ولكن) must not reach inside it.
    const inner1 = conj === 1 ? flagsOf(t, i1, n, -1) : 0;
    const c1 = codes[i1]!;
    const preKind = c1 === BA || c1 === LAM || c1 === KAF ? 1 : c1 === SIN && i1 + 1 < n && isImperfectPrefix(codes[i1 + 1]!) ? 2 : 0;
    const tPre = preKind === 2 ? T_FUTURE : c1 === BA ? T_BA : c1 === LAM ? T_LAM : T_KAF;
    // وكانه: a fixed lexeme before a pronoun (كان + ه) keeps its first letter too
    const fixedInside = preKind !== 0 && fixedBeforePronoun(t, i1, n);
    for (let pre = 0; pre <= (preKind === 0 ? 0 : 1); pre++) {
      if (pre === 1 && ((inner1 & NOSPLIT) !== 0 || fixedInside)) continue;
      const i2 = i1 + pre;
      const inner2 = pre === 1 ? flagsOf(t, i2, n, -1) : inner1;
      const elideMax = pre === 1 && c1 === LAM && codes[i2] === LAM ? 1 : 0;
      for (let elided = 0; elided <= elideMax; elided++) {
        for (let e = -1; e < ENCLITICS.length; e++) {
          let encLen = 0;
          let tEnc = 0;
          if (e >= 0) {
            if (elided === 1) break; // ل + ال + stem + pronoun does not occur
            const enc = ENCLITICS[e]!;
            encLen = enc.length;
            if (!endsWith(n, enc)) continue;
            if ((inner2 & NOSPLIT) !== 0 && conj + pre > 0) continue;
            tEnc = enc[0] === KAF ? (enc[1] === NUN ? T_KN : T_PRON_RARE) : enc[0] === NUN ? (enc[1] === YA ? T_PRON_RARE : T_NA) : T_PRON;
          }
          if (conj + pre + encLen === 0) continue; // the whole word: not a split
          const a = i2 + elided;
          const b = n - encLen;
          const len = b - a;
          let score: number;
          if (len === 1 && encLen > 0 && elided === 0 && (codes[a] === LAM || codes[a] === BA) && e !== ENCLITICS.length - 1) {
            if (pre === 1) continue;
            score = 255; // له، بها، لكم: the preposition itself is the stem
          } else {
            if (len < 2 || (preKind === 2 && pre === 1 && len < 3)) continue;
            if (len === 2 && codes[a] === ALEF && codes[a + 1] === LAM) continue; // a bare article is no core
            if (e === ENCLITICS.length - 1) {
              // ي only after a flagged preposition (مني, عني, لدي ← لدى)
              if ((flagsOf(t, a, b, -1) & TAKES_YA) === 0 && (flagsOf(t, a, b, ALEF_MAQSURA) & TAKES_YA) === 0) continue;
            }
            score = coreBucket(t, a, b, elided === 1, encLen > 0);
            if (len === 2 && elided === 0 && score < MIN_SHORT_CORE) continue; // وجيها is not و + جي + ها
            if (!forced) {
              // A core the corpus hardly knows still counts when morphology vouches for it: an article with a
              // 3-letter stem after it (والكوبالت, للنزهات), or و before 4+ letters of an unknown word.
              const articled = encLen === 0 && (elided === 1 ? len >= 3 : len >= 5 && codes[a] === ALEF && codes[a + 1] === LAM);
              const unknownAfterWaw = wordB === 0 && conj === 1 && c0 === WAW && pre === 0 && encLen === 0 && len >= 4;
              if (score < MIN_CORE && !articled && !unknownAfterWaw) continue;
              const need = tConj + (pre ? (elided ? T_ELIDED : tPre) : 0) + tEnc;
              if (score - wordB < need) continue;
            } else if (score < MIN_CORE) continue;
          }
          score += CLITIC_BONUS * (conj + pre + (encLen > 0 ? 1 : 0));
          // وللمرة: للمرة is itself a frequent word, but a known word behind لل is ل + ال
          if (elided === 1 && score >= MIN_CORE) score += 8;
          if (score > bestScore) {
            bestScore = score;
            bConj = conj;
            bPre = pre;
            bPreKind = preKind;
            bElided = elided === 1;
            bEnc = encLen;
          }
        }
      }
    }
  }

  if (bestScore < 0) {
    // No clitic but maybe the article.
    if (!isArticle(t, 0, n)) return null;
    return { parts: [{ start: 0, end: pos[2]!, kind: 'article' }, { start: pos[2]!, end: word.length, kind: 'stem' }] };
  }

  const parts: CliticPart[] = [];
  let at = 0;
  const push = (letters: number, kind: CliticKind): void => {
    parts.push({ start: pos[at]!, end: pos[at + letters]!, kind });
    at += letters;
  };
  if (bConj) push(1, 'conj');
  if (bPre) push(1, bPreKind === 2 ? 'future' : 'prep');
  if (bElided) push(1, 'article');
  else if (bEnc === 0 && isArticle(t, at, n) && (flagsOf(t, at, n, -1) & NOSPLIT) === 0) push(2, 'article');
  push(n - bEnc - at, 'stem');
  if (bEnc) push(bEnc, 'pron');
  parts[parts.length - 1]!.end = word.length;
  return { parts };
}

function isImperfectPrefix(c: number): boolean {
  // bare ا is left out: سان, ساعة; سأ (سأذهب) keeps its hamza in edited news
  return c === YA || c === TA || c === NUN || c === ALEF_HAMZA;
}

function fixedBeforePronoun(t: Table, a: number, n: number): boolean {
  for (let e = 0; e < ENCLITICS.length; e++) {
    const enc = ENCLITICS[e]!;
    if (endsWith(n, enc) && (flagsOf(t, a, n - enc.length, -1) & NOSPLIT) !== 0) return true;
  }
  return false;
}

function endsWith(n: number, enc: readonly number[]): boolean {
  if (n <= enc.length) return false;
  for (let k = 0; k < enc.length; k++) if (codes[n - enc.length + k] !== enc[k]) return false;
  return true;
}

/**
 * Stage: time expressions (TIMEX3) in `doc.times`. A scanner of regular expressions over the folded text
 * (DESIGN §4), whose hits are mapped back to `doc.text`:
 *
 *   absolute  "15 آذار 2024", "15 مارس/آذار 2024", "الإثنين 13 أغسطس/آب", "جانفي 2017", "في عام 2020",
 *             "15/3/2024" (day first), "2024-03-15", "25 شوال 1436 هـ" (Um al-Qura → Gregorian)
 *   relative  اليوم، أمس، أمس الأول، غدا، "أمس الاثنين", "الثلاثاء الماضي", "الأسبوع المقبل", "هذا الربيع",
 *             "أواخر الشهر", "قبل ثلاثة أيام" — resolved against `doc.published` (its own date, never the
 *             machine clock), or, inside a quotation that follows a dated statement in the same sentence,
 *             against that statement's date (`anchor: 'reported'`)
 *   duration  "ثلاثة أيام" P3D, "48 ساعة" PT48H;  set "كل يوم"/"يوميا" P1D;  time "الساعة 10 صباحا" T10:00
 *
 * Without `published`, relative expressions keep a TIMEX3 reference value (PAST_REF, PRESENT_REF,
 * FUTURE_REF, XXXX-…) and `anchor: null`.
 */
import type { Doc } from '../doc.js';
import type { Message, TimeExpr } from '../types.js';
import { loadModelJson } from '../lexicon/load-model.js';
import { foldText, type Folded } from '../text/fold.js';
import { countStartingBefore } from '../text/search-starts.js';

/** Folded calendar names (model/calendar/months.json, built by scripts/build-calendar.ts). */
export interface CalendarNames {
  /** Gregorian month name → 1-12. */
  gregorian: Record<string, number>;
  /** Weekday name → 0-6, Sunday 0. */
  weekdays: Record<string, number>;
  /** Hijri month name → 1-12. */
  hijri: Record<string, number>;
}

/** Options for {@link resolveTimes}. */
export interface ResolveTimesOptions {
  /** Calendar names; default `model/calendar/months.json`. */
  calendar?: CalendarNames;
}

type Anchor = TimeExpr['anchor'];

/** A hit in folded coordinates, before overlaps are settled. */
interface Hit {
  start: number;
  end: number;
  type: TimeExpr['type'];
  value: string;
  anchor: Anchor;
  /** For اليوم/أمس/غدا: days from the anchor date, so reported speech can re-anchor it. */
  shift?: number;
  /** A conflict to report if this hit is kept. */
  conflict?: string;
  /** A TIME waiting for the day of its sentence. */
  clock?: string;
}

/** A calendar day as a count of days since 1970-01-01. */
type Day = number;
const MS_DAY = 86_400_000;
const dayOf = (y: number, m: number, d: number): Day => Math.floor(Date.UTC(y, m - 1, d) / MS_DAY);
const parts = (day: Day): { y: number; m: number; d: number } => {
  const t = new Date(day * MS_DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const iso = (day: Day): string => {
  const { y, m, d } = parts(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
};
/** Sunday 0 … Saturday 6 (1970-01-01 was a Thursday). */
const weekdayOf = (day: Day): number => (((day + 4) % 7) + 7) % 7;
const validDate = (y: number, m: number, d: number): boolean =>
  m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();

/** ISO week value, e.g. 2020-W05. */
function isoWeek(day: Day): string {
  const thursday = day - ((weekdayOf(day) + 6) % 7) + 3;
  const year = parts(thursday).y;
  const week = Math.floor((thursday - dayOf(year, 1, 1)) / 7) + 1;
  return `${year}-W${pad(week)}`;
}

const UMALQURA = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

/** The Gregorian day of Um al-Qura y/m/d, or null when there is none (found by searching around an estimate). */
export function hijriToDay(y: number, m: number, d: number): Day | null {
  if (m < 1 || m > 12 || d < 1 || d > 30) return null;
  // 1 Muharram 1 AH ≈ 622-07-16; a Hijri year is ≈ 354.367 days, a month ≈ 29.53.
  const estimate = dayOf(622, 7, 16) + Math.round((y - 1) * 354.367 + (m - 1) * 29.53 + d - 1);
  for (let delta = 0; delta <= 40; delta++) {
    for (const day of delta === 0 ? [estimate] : [estimate - delta, estimate + delta]) {
      const p: Record<string, number> = {};
      for (const part of UMALQURA.formatToParts(new Date(day * MS_DAY))) p[part.type] = Number.parseInt(part.value, 10);
      if (p['year'] === y && p['month'] === m && p['day'] === d) return day;
    }
  }
  return null;
}

// --- pattern pieces (all in the folded form) -----------------------------------------------------------

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** An alternation of names, longest first, a space matching any run of spaces. */
const alt = (names: Iterable<string>): string =>
  [...new Set(names)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map((n) => esc(n).replace(/ /gu, '\\s+')).join('|');

// Word boundaries over the folded text (Arabic letters, Latin, digits): explicit classes, because a
// Unicode-property lookbehind tried at every position made these rules the slowest stage after the tagger.
const WORD_CHAR = '\\u0621-\\u064a\\u066e-\\u06d3\\u0660-\\u0669\\u06f0-\\u06f9A-Za-z0-9\\u00c0-\\u024f';
const B = `(?<![${WORD_CHAR}])`; // word start
const E = `(?![${WORD_CHAR}])`; // word end
const P = '[وفبلك]?'; // a conjunction or preposition glued on, left out of the span

const NUMBER_WORDS: Record<string, number> = {
  واحد: 1, واحده: 1, اثنان: 2, اثنين: 2, اثنتان: 2, اثنتين: 2, ثلاث: 3, ثلاثه: 3, اربع: 4, اربعه: 4, خمس: 5, خمسه: 5,
  ست: 6, سته: 6, سبع: 7, سبعه: 7, ثمان: 8, ثماني: 8, ثمانيه: 8, تسع: 9, تسعه: 9, عشر: 10, عشره: 10,
  'احد عشر': 11, 'احدي عشره': 11, 'اثنا عشر': 12, 'اثني عشر': 12, 'اثنتا عشره': 12, 'اثنتي عشره': 12,
};
const ORDINAL_HOURS: Record<string, number> = {
  الواحده: 1, الثانيه: 2, الثالثه: 3, الرابعه: 4, الخامسه: 5, السادسه: 6, السابعه: 7, الثامنه: 8, التاسعه: 9,
  العاشره: 10, 'الحاديه عشره': 11, 'الثانيه عشره': 12,
};
const NUM = `\\d{1,3}|${alt(Object.keys(NUMBER_WORDS))}`;
const UNITS: Record<string, string> = {
  يوم: 'D', يوما: 'D', ايام: 'D', اسبوع: 'W', اسبوعا: 'W', اسابيع: 'W', شهر: 'M', شهرا: 'M', اشهر: 'M', شهور: 'M',
  سنه: 'Y', سنوات: 'Y', سنين: 'Y', عام: 'Y', عاما: 'Y', اعوام: 'Y', ساعه: 'H', ساعات: 'H', دقيقه: 'MIN', دقاءق: 'MIN',
};
const DUALS: Record<string, string> = {
  يومين: 'D', يومان: 'D', اسبوعين: 'W', اسبوعان: 'W', شهرين: 'M', شهران: 'M', عامين: 'Y', عامان: 'Y', سنتين: 'Y',
  سنتان: 'Y', ساعتين: 'H', ساعتان: 'H', دقيقتين: 'MIN', دقيقتان: 'MIN',
};
const PAST = ['الماضي', 'الماضيه', 'المنصرم', 'المنصرمه', 'الفاءت', 'الفاءته', 'السابق', 'السابقه'];
const NEXT = ['المقبل', 'المقبله', 'القادم', 'القادمه'];
const THIS = ['الحالي', 'الحاليه', 'الجاري', 'الجاريه'];
const REL = alt([...PAST, ...NEXT, ...THIS]);
const MODS = alt(['مطلع', 'منتصف', 'اواخر', 'اواءل', 'بدايه', 'نهايه', 'اوساط', 'اول']);
const SEASONS: Record<string, number> = { ربيع: 0, صيف: 1, خريف: 2, شتاء: 3 };
const SEASON_CODE = ['SP', 'SU', 'FA', 'WI'];
const relSign = (rel: string | undefined): -1 | 0 | 1 => (rel === undefined ? 0 : PAST.includes(rel) ? -1 : NEXT.includes(rel) ? 1 : 0);
const refValue = (sign: number): string => (sign < 0 ? 'PAST_REF' : sign > 0 ? 'FUTURE_REF' : 'PRESENT_REF');
const toNumber = (s: string): number => (/^\d+$/u.test(s) ? Number.parseInt(s, 10) : NUMBER_WORDS[s.replace(/\s+/gu, ' ')] ?? Number.NaN);

let shipped: CalendarNames | undefined;

/**
 * Years of numeric dates read as Hijri: 1300–1500 AH is 1882–2077 CE, while a Gregorian day written in digits with a
 * year of the 14th or 15th century does not occur in news.
 */
const HIJRI_NUMERIC_YEARS = { from: 1300, to: 1500 } as const;

/** The day of a numeric date: Gregorian, or Hijri (Umm al-Qura) for a year in HIJRI_NUMERIC_YEARS; null if none. */
function numericDay(y: number, m: number, d: number): Day | null {
  if (y >= HIJRI_NUMERIC_YEARS.from && y <= HIJRI_NUMERIC_YEARS.to) return hijriToDay(y, m, d);
  return validDate(y, m, d) ? dayOf(y, m, d) : null;
}

/** Build the resolve-times stage. */
export function resolveTimes(options: ResolveTimesOptions = {}) {
  const cal = options.calendar ?? (shipped ??= loadModelJson<CalendarNames>('calendar/months.json'));
  const MONTH = alt(Object.keys(cal.gregorian));
  const HMONTH = alt(Object.keys(cal.hijri));
  const articled = Object.keys(cal.weekdays).filter((w) => w.startsWith('ال'));
  // A bare weekday (اثنين، أحد) only after يوم: alone, أحد is "one" and سبت a word.
  const WDAY = `(?:يوم\\s+)?(?:${alt(articled)})|يوم\\s+(?:${alt(Object.keys(cal.weekdays))})`;
  const weekdayIn = (s: string): number => {
    const last = s.trim().split(/\s+/u).pop() ?? '';
    return cal.weekdays[last] ?? -1;
  };
  const ALT_MONTH = `(?:\\s*[/(-]\\s*(?:${MONTH})\\s*\\)?)?`;
  const YEAR_WORD = '(?:عام|العام|سنه|السنه)';

  const rx = (body: string): RegExp => new RegExp(body, 'gdu');
  /** Each rule: a pattern whose group `x` is the span, and what a match means (null: not a time). */
  type Groups = Record<string, string | undefined>;
  type Make = (g: Groups, ref: Day | null, at: number, folded: string) => Omit<Hit, 'start' | 'end'> | null;
  const rules: Array<[RegExp, Make]> = [];
  const rule = (body: string, make: Make): void => {
    rules.push([rx(body), make]);
  };

  const dayHit = (day: Day, anchor: Anchor, shift?: number): Omit<Hit, 'start' | 'end'> => ({
    type: 'DATE', value: iso(day), anchor, ...(shift === undefined ? {} : { shift }),
  });

  // 15 آذار 2024, 15 مارس/آذار 2024, الإثنين 13 أغسطس/آب (the year from publication)
  rule(`${B}${P}(?<x>(?:(?<wd>${WDAY})\\s*[،,]?\\s*(?:الموافق\\s+)?)?(?<d>\\d{1,2})\\s+(?:من\\s+)?(?:شهر\\s+)?(?<mon>${MONTH})${ALT_MONTH}(?:\\s*[،,]?\\s*(?:من\\s+)?(?:${YEAR_WORD}\\s+)?(?<y>\\d{4})(?!\\d))?)${E}`, (g, ref) => {
    const d = Number(g['d']);
    const m = cal.gregorian[g['mon']!.replace(/\s+/gu, ' ')]!;
    const wd = g['wd'] ? weekdayIn(g['wd']) : -1;
    let y = g['y'] ? Number(g['y']) : ref === null ? null : parts(ref).y;
    if (y === null) return d >= 1 && d <= 31 ? { type: 'DATE', value: `XXXX-${pad(m)}-${pad(d)}`, anchor: null } : null;
    // No year but a weekday: the publication's year, or the one before or after, whichever the weekday fits.
    if (!g['y'] && wd >= 0 && validDate(y, m, d) && weekdayOf(dayOf(y, m, d)) !== wd) {
      const fits = [y - 1, y + 1].find((yy) => validDate(yy, m, d) && weekdayOf(dayOf(yy, m, d)) === wd);
      if (fits !== undefined) y = fits;
    }
    if (!validDate(y, m, d)) return null;
    const day = dayOf(y, m, d);
    const hit = dayHit(day, g['y'] ? null : 'published');
    if (wd >= 0 && wd !== weekdayOf(day)) hit.conflict = `the weekday named does not fall on ${iso(day)}; kept the date`;
    return hit;
  });
  // آذار 2024, مطلع شهر مارس 2024 → 2024-03
  rule(`${B}${P}(?<x>(?:(?:${MODS})\\s+)?(?:شهر\\s+)?(?<mon>${MONTH})${ALT_MONTH}\\s*[،,]?\\s*(?:من\\s+)?(?:${YEAR_WORD}\\s+)?(?<y>\\d{4}))(?!\\d)`, (g) => {
    const m = cal.gregorian[g['mon']!.replace(/\s+/gu, ' ')]!;
    return { type: 'DATE', value: `${g['y']}-${pad(m)}`, anchor: null };
  });
  // شهر مارس, مطلع مارس (no year: publication's year)
  rule(`${B}${P}(?<x>(?:(?:${MODS})\\s+(?:شهر\\s+)?|شهر\\s+)(?<mon>${MONTH})${ALT_MONTH})${E}`, (g, ref) => {
    const m = cal.gregorian[g['mon']!.replace(/\s+/gu, ' ')]!;
    return ref === null ? { type: 'DATE', value: `XXXX-${pad(m)}`, anchor: null } : { type: 'DATE', value: `${parts(ref).y}-${pad(m)}`, anchor: 'published' };
  });
  // 15/3/2024 (day first), 2024-03-15; a year from 1300 to 1500 is a Hijri year (Gulf outlets write 14/10/1439)
  rule(`${B}${P}(?<x>(?<d>\\d{1,2})(?<s>[/.-])(?<m>\\d{1,2})\\k<s>(?<y>\\d{4}))${E}`, (g) => {
    const day = numericDay(Number(g['y']), Number(g['m']), Number(g['d']));
    return day === null ? null : dayHit(day, null);
  });
  rule(`${B}${P}(?<x>(?<y>\\d{4})(?<s>[/-])(?<m>\\d{1,2})\\k<s>(?<d>\\d{1,2}))${E}`, (g) => {
    const day = numericDay(Number(g['y']), Number(g['m']), Number(g['d']));
    return day === null ? null : dayHit(day, null);
  });
  // 25 شوال 1436 هـ (هـ folds to ه)
  rule(`${B}${P}(?<x>(?<d>\\d{1,2})\\s+(?:من\\s+)?(?:شهر\\s+)?(?<mon>${HMONTH})\\s*[،,]?\\s*(?:${YEAR_WORD}\\s+)?(?<y>\\d{3,4})(?!\\d)(?:\\s*(?:للهجره|هجريه|هجري|ه)${E})?)`, (g) => {
    const day = hijriToDay(Number(g['y']), cal.hijri[g['mon']!.replace(/\s+/gu, ' ')]!, Number(g['d']));
    return day === null ? null : dayHit(day, null);
  });
  // عام 2020, في 2020, منذ 1990
  rule(`${B}${P}(?<x>${YEAR_WORD}\\s+(?<y>(?:1[89]|20)\\d{2}))(?!\\d)(?!\\s*[/.-]\\d)`, (g) => ({ type: 'DATE', value: g['y']!, anchor: null }));
  rule(`(?<=${B}[وف]?(?:في|منذ|حتي|خلال|قبل|بعد|مطلع|اواخر|منتصف|بدايه|نهايه|اواءل)\\s+)(?<x>(?<y>(?:1[89]|20)\\d{2}))(?!\\d)(?!\\s*[/.-]\\d)`, (g) => ({ type: 'DATE', value: g['y']!, anchor: null }));
  // ربيع 2020, صيف عام 2020
  rule(`${B}${P}(?<x>(?:فصل\\s+)?(?:ال)?(?<s>${alt(Object.keys(SEASONS))})\\s+(?:${YEAR_WORD}\\s+)?(?<y>\\d{4}))(?!\\d)`, (g) => ({
    type: 'DATE', value: `${g['y']}-${SEASON_CODE[SEASONS[g['s']!]!]}`, anchor: null,
  }));

  // Seasons relative to publication: هذا الربيع, الصيف المقبل, ربيع العام المقبل
  const seasonIndex = (day: Day): number => {
    const { y, m } = parts(day);
    return m === 12 ? y * 4 + 3 : m <= 2 ? (y - 1) * 4 + 3 : y * 4 + Math.floor((m - 3) / 3);
  };
  const seasonValue = (n: number): string => `${Math.floor(n / 4)}-${SEASON_CODE[n % 4]}`;
  const seasonRel = (s: number, sign: number, ref: Day | null): Omit<Hit, 'start' | 'end'> => {
    if (ref === null) return { type: 'DATE', value: refValue(sign), anchor: null };
    const now = seasonIndex(ref);
    const y = Math.floor(now / 4);
    const candidates = [y - 1, y, y + 1].map((yy) => yy * 4 + s);
    const pick =
      sign < 0 ? Math.max(...candidates.filter((n) => n < now)) : sign > 0 ? Math.min(...candidates.filter((n) => n > now)) : candidates.reduce((a, b) => (Math.abs(b - now) < Math.abs(a - now) ? b : a));
    return { type: 'DATE', value: seasonValue(pick), anchor: 'published' };
  };
  const SEASON = alt(Object.keys(SEASONS));
  rule(`${B}${P}(?<x>(?:هذا|هذه)\\s+(?:ال)?(?:فصل\\s+)?(?:ال)?(?<s>${SEASON}))${E}`, (g, ref) => seasonRel(SEASONS[g['s']!]!, 0, ref));
  rule(`${B}${P}(?<x>(?:فصل\\s+)?ال(?<s>${SEASON})\\s+(?<rel>${REL}))${E}`, (g, ref) => seasonRel(SEASONS[g['s']!]!, relSign(g['rel']), ref));
  rule(`${B}${P}(?<x>(?<s>${SEASON})\\s+(?:(?:هذا|هذه)\\s+${YEAR_WORD}|${YEAR_WORD}\\s+(?<rel>${REL})))${E}`, (g, ref) => {
    const sign = relSign(g['rel']);
    if (ref === null) return { type: 'DATE', value: refValue(sign), anchor: null };
    return { type: 'DATE', value: `${parts(ref).y + sign}-${SEASON_CODE[SEASONS[g['s']!]!]}`, anchor: 'published' };
  });

  // اليوم, أمس, أمس الأول, غدا, بعد غد
  const shiftRule = (body: string, shift: number): void =>
    rule(body, (_g, ref) => (ref === null ? { type: 'DATE', value: refValue(Math.sign(shift)), anchor: null, shift } : dayHit(ref + shift, 'published', shift)));
  shiftRule(`${B}${P}(?<x>اليوم)(?!\\s+(?:التالي|نفسه|ذاته|السابق|الاول|الثاني|الوطني|العالمي|الدولي))${E}`, 0);
  shiftRule(`${B}${P}(?<x>امس)${E}`, -1);
  shiftRule(`${B}${P}(?<x>امس\\s+الاول|اول\\s+(?:من\\s+)?امس|قبل\\s+امس)${E}`, -2);
  shiftRule(`${B}${P}(?<x>غدا)${E}`, 1);
  shiftRule(`${B}${P}(?<x>بعد\\s+غد)${E}`, 2);

  /** The day `shift` from ref, checked against the weekday named; on disagreement the named weekday wins. */
  const shiftWithWeekday = (shift: number, wd: number, ref: Day | null): Omit<Hit, 'start' | 'end'> => {
    if (ref === null) return { type: 'DATE', value: refValue(Math.sign(shift)), anchor: null };
    const day = ref + shift;
    if (wd < 0 || weekdayOf(day) === wd) return dayHit(day, 'published', shift);
    const nearest = ref - ((weekdayOf(ref) - wd + 7) % 7);
    return { ...dayHit(nearest, 'published'), conflict: `the weekday named is not ${iso(day)}; took the nearest such weekday not after publication, ${iso(nearest)}` };
  };
  // أمس الاثنين, اليوم الثلاثاء, غدا الأربعاء; الاثنين أمس
  const SHIFT_WORDS: Record<string, number> = { امس: -1, اليوم: 0, غدا: 1 };
  rule(`${B}${P}(?<x>(?<rel>امس|اليوم|غدا)\\s*[،,]?\\s*(?<wd>${WDAY}))${E}`, (g, ref) => shiftWithWeekday(SHIFT_WORDS[g['rel']!]!, weekdayIn(g['wd']!), ref));
  rule(`${B}${P}(?<x>(?<wd>${WDAY})\\s+(?<rel>امس|غدا))${E}`, (g, ref) => shiftWithWeekday(SHIFT_WORDS[g['rel']!]!, weekdayIn(g['wd']!), ref));
  // الثلاثاء الماضي, يوم الجمعة المقبل, الثلاثاء
  const isoWeekday = (wd: number): number => (wd === 0 ? 7 : wd);
  rule(`${B}${P}(?<x>(?<wd>${WDAY})(?:\\s+(?<rel>${REL}))?)${E}`, (g, ref) => {
    const wd = weekdayIn(g['wd']!);
    if (wd < 0) return null;
    const sign = relSign(g['rel']);
    if (ref === null) return { type: 'DATE', value: g['rel'] ? refValue(sign) : `XXXX-WXX-${isoWeekday(wd)}`, anchor: null };
    const back = (weekdayOf(ref) - wd + 7) % 7;
    const day = sign > 0 ? ref + ((wd - weekdayOf(ref) + 7) % 7 || 7) : sign < 0 ? ref - (back || 7) : ref - back;
    return dayHit(day, 'published');
  });

  // الأسبوع الماضي, الشهر المقبل, العام القادم, هذا العام, أواخر الشهر
  rule(`${B}${P}(?<x>(?:(?<mod>${MODS})\\s+)?(?:(?<this>هذا|هذه)\\s+)?(?<u>الاسبوع|الشهر|العام|السنه)(?:\\s+(?<rel>${REL}))?)${E}`, (g, ref, at, folded) => {
    if (!g['mod'] && !g['this'] && !g['rel']) return null;
    // العام after a definite noun is the adjective "general" (الأمين العام الحالي), not the year.
    if (g['u'] === 'العام' && !g['mod'] && !g['this'] && /(?:^|\s)[وفبل]?ال[\p{L}]+\s+$/u.test(folded.slice(Math.max(0, at - 30), at))) return null;
    const sign = relSign(g['rel']);
    if (ref === null) return { type: 'DATE', value: refValue(sign), anchor: null };
    const { y, m } = parts(ref);
    const u = g['u']!;
    if (u === 'الاسبوع') return { type: 'DATE', value: isoWeek(ref + 7 * sign), anchor: 'published' };
    if (u === 'الشهر') {
      const k = y * 12 + (m - 1) + sign;
      return { type: 'DATE', value: `${Math.floor(k / 12)}-${pad((k % 12) + 1)}`, anchor: 'published' };
    }
    return { type: 'DATE', value: String(y + sign), anchor: 'published' };
  });

  // قبل ثلاثة أيام, منذ يومين, قبل أسبوعين, منذ سنوات
  const ago = (n: number, unit: string, ref: Day | null): Omit<Hit, 'start' | 'end'> | null => {
    if (!Number.isFinite(n)) return null;
    if (ref === null) return { type: 'DATE', value: 'PAST_REF', anchor: null };
    const { y, m } = parts(ref);
    switch (unit) {
      case 'D': return dayHit(ref - n, 'published');
      case 'W': return { type: 'DATE', value: isoWeek(ref - 7 * n), anchor: 'published' };
      case 'M': {
        const k = y * 12 + (m - 1) - n;
        return { type: 'DATE', value: `${Math.floor(k / 12)}-${pad((k % 12) + 1)}`, anchor: 'published' };
      }
      case 'Y': return { type: 'DATE', value: String(y - n), anchor: 'published' };
      default: return dayHit(ref, 'published'); // hours and minutes ago: the same day
    }
  };
  const AGO = '(?:قبل|منذ)\\s+(?:نحو\\s+|حوالي\\s+|قرابه\\s+)?';
  rule(`${B}${P}(?<x>${AGO}(?<n>${NUM})\\s+(?<u>${alt(Object.keys(UNITS))}))${E}`, (g, ref) => ago(toNumber(g['n']!), UNITS[g['u']!]!, ref));
  rule(`${B}${P}(?<x>${AGO}(?<u>${alt([...Object.keys(DUALS), 'يوم', 'اسبوع', 'شهر', 'عام', 'سنه'])}))${E}`, (g, ref) => {
    const u = g['u']!;
    return DUALS[u] ? ago(2, DUALS[u]!, ref) : ago(1, UNITS[u]!, ref);
  });
  rule(`${B}${P}(?<x>${AGO}(?:عده\\s+)?(?:ايام|اسابيع|اشهر|شهور|سنوات|اعوام|سنين))${E}`, (_g, ref) => ({ type: 'DATE', value: 'PAST_REF', anchor: ref === null ? null : 'published' }));

  // Durations: ثلاثة أيام, 48 ساعة, يومين (not after قبل/منذ: those are dates)
  const duration = (n: number, unit: string): Omit<Hit, 'start' | 'end'> | null =>
    Number.isFinite(n) && n > 0 ? { type: 'DURATION', value: unit === 'H' ? `PT${n}H` : unit === 'MIN' ? `PT${n}M` : `P${n}${unit}`, anchor: null } : null;
  const NOT_AGO = `(?<!${B}(?:قبل|منذ)\\s+(?:(?:نحو|حوالي|قرابه)\\s+)?)`;
  rule(`${B}${P}${NOT_AGO}(?<x>(?<n>${NUM})\\s+(?<u>${alt(Object.keys(UNITS))}))${E}`, (g) => duration(toNumber(g['n']!), UNITS[g['u']!]!));
  rule(`${B}${P}${NOT_AGO}(?<x>(?<u>${alt(Object.keys(DUALS))}))${E}`, (g) => duration(2, DUALS[g['u']!]!));

  // Sets: كل يوم, يوميا, أسبوعيا
  const SET_UNITS: Record<string, string> = { يوم: 'P1D', اسبوع: 'P1W', شهر: 'P1M', عام: 'P1Y', سنه: 'P1Y', ساعه: 'PT1H', يوميا: 'P1D', اسبوعيا: 'P1W', شهريا: 'P1M', سنويا: 'P1Y' };
  rule(`${B}${P}(?<x>كل\\s+(?<u>يوم|اسبوع|شهر|عام|سنه|ساعه)|(?<a>يوميا|اسبوعيا|شهريا|سنويا))${E}`, (g) => ({ type: 'SET', value: SET_UNITS[g['u'] ?? g['a']!]!, anchor: null }));

  // Clock times: الساعة 10 صباحا, الساعة العاشرة والنصف مساء
  rule(`${B}${P}(?<x>الساعه\\s+(?<h>\\d{1,2}|${alt(Object.keys(ORDINAL_HOURS))})(?:[:.](?<mi>\\d{2}))?(?:\\s+و\\s*(?<frac>النصف|الربع|نصف|ربع))?(?:\\s+(?:من\\s+)?(?<pp>صباحا|صباح|مساء|مساءا|ظهرا|الظهر|عصرا|ليلا|فجرا|بعد\\s+الظهر))?)${E}`, (g) => {
    let h = /^\d+$/u.test(g['h']!) ? Number(g['h']) : ORDINAL_HOURS[g['h']!.replace(/\s+/gu, ' ')]!;
    const mi = g['mi'] ? Number(g['mi']) : g['frac']?.endsWith('نصف') ? 30 : g['frac'] ? 15 : 0;
    const pp = g['pp'] ?? '';
    if (h < 12 && (/^(?:مساء|عصر|بعد)/u.test(pp) || (pp === 'ليلا' && h >= 6) || ((pp === 'ظهرا' || pp === 'الظهر') && h < 6))) h += 12;
    if (h > 23 || mi > 59) return null;
    const clock = `T${pad(h)}:${pad(mi)}`;
    return { type: 'TIME', value: `XXXX-XX-XX${clock}`, anchor: null, clock };
  });

  return (doc: Doc): void => {
    const folded: Folded = doc.folded ?? foldText(doc.text);
    const f = folded.text;
    const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(doc.published ?? '');
    const ref = m ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : null;

    const hits: Hit[] = [];
    for (const [re, make] of rules) {
      re.lastIndex = 0;
      for (let match = re.exec(f); match; match = re.exec(f)) {
        const span = match.indices?.groups?.['x'];
        if (!span) continue;
        const hit = make((match.groups ?? {}) as Groups, ref, span[0], f);
        if (hit) hits.push({ ...hit, start: span[0], end: span[1] });
        if (match[0].length === 0) re.lastIndex++;
      }
    }
    // Longest first; a hit that overlaps a kept one goes.
    hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const kept: Hit[] = [];
    // Occupancy over the folded text: each check costs the hit's own length, not the number of kept hits.
    const taken = new Uint8Array(f.length + 1);
    for (const h of hits) {
      let free = true;
      for (let k = h.start; k < h.end && free; k++) if (taken[k]) free = false;
      if (!free) continue;
      kept.push(h);
      taken.fill(1, h.start, h.end);
    }
    kept.sort((a, b) => a.start - b.start);

    // Map to text: the end takes in the marks folding dropped after the last letter (غداً).
    const times: Array<TimeExpr & { shift?: number; clock?: string }> = kept.map((h) => {
      const start = folded.map[h.start]!;
      const end = folded.map[h.end]!;
      if (h.conflict) doc.messages.push({ rule: 'time-conflict', reason: `"${doc.text.slice(start, end)}": ${h.conflict}`, start, end } satisfies Message);
      return { start, end, text: doc.text.slice(start, end), type: h.type, value: h.value, anchor: h.anchor, ...(h.shift === undefined ? {} : { shift: h.shift }), ...(h.clock ? { clock: h.clock } : {}) };
    });

    const sentences = doc.sentences.length > 0 ? doc.sentences : [{ start: 0, end: doc.text.length }];
    const sentenceOf = (pos: number): number => Math.max(0, countStartingBefore(sentences, pos, true) - 1);
    const isDay = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/u.test(v);

    // Reported speech: a dated statement, then a quotation in the same sentence whose اليوم/أمس are its own.
    // One pass over the opening marks; times are in text order, so each lookup is a binary search plus a
    // walk within the sentence (a whole-text scan per sentence or per quote was quadratic on long texts).
    times.sort((a, b) => a.start - b.start);
    const firstTimeAfter = (pos: number): number => countStartingBefore(times, pos, true);
    const opener = /[“«]/gu;
    for (let q = opener.exec(doc.text); q; q = opener.exec(doc.text)) {
      const s = sentenceOf(q.index);
      const sent = sentences[s]!;
      let statement: (typeof times)[number] | undefined;
      for (let k = firstTimeAfter(q.index) - 1; k >= 0 && times[k]!.start >= sent.start; k--) {
        const t = times[k]!;
        if (t.end <= q.index && t.type === 'DATE' && isDay(t.value)) {
          statement = t;
          break;
        }
      }
      if (!statement) continue;
      const limit = sentences[s + 1]?.end ?? sent.end;
      const close = doc.text.slice(q.index + 1, limit).search(/[”»]/u);
      const until = close < 0 ? limit : q.index + 1 + close;
      const base = Math.floor(Date.UTC(Number(statement.value.slice(0, 4)), Number(statement.value.slice(5, 7)) - 1, Number(statement.value.slice(8, 10))) / MS_DAY);
      for (let k = firstTimeAfter(q.index); k < times.length && times[k]!.start < until; k++) {
        const t = times[k]!;
        if (t.end <= until && t.shift !== undefined && t !== statement) {
          t.value = iso(base + t.shift);
          t.anchor = 'reported';
        }
      }
    }

    // A clock time takes the day its sentence names, if it names one.
    for (const t of times) {
      if (t.clock === undefined) continue;
      const s = sentences[sentenceOf(t.start)]!;
      const days = times.filter((d) => d !== t && d.start >= s.start && d.end <= s.end && d.type === 'DATE' && isDay(d.value));
      const day = days.sort((a, b) => Math.abs(a.start - t.start) - Math.abs(b.start - t.start))[0];
      if (day) {
        t.value = `${day.value}${t.clock}`;
        t.anchor = day.anchor;
      }
    }

    for (const t of times) {
      delete t.shift;
      delete t.clock;
      doc.times.push(t);
    }
  };
}

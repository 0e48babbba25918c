/**
 * Build model/calendar/months.json: folded Gregorian month names of every Arabic CLDR locale (كانون الثاني,
 * يناير, جانفي, غشت …), weekday names (Sunday 0) and Hijri month names with common spellings, for
 * src/annotate/resolve-times.ts. Sources: ../shared/data/calendar (CLDR 48, Unicode-3.0; the Hijri names come
 * from Node's ICU umalqura data plus a few hand-added spelling variants). Deterministic: same input, same bytes.
 *
 * Run: node --import tsx scripts/build-calendar.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { foldString } from '../src/text/fold.js';

const SHARED = new URL('../../shared/data/calendar/', import.meta.url);
const OUT = new URL('../model/calendar/months.json', import.meta.url);

interface CldrLocale {
  months_format_wide?: string[];
  months_format_abbreviated?: string[];
  months_standalone_wide?: string[];
  days_format_wide?: Record<string, string>;
}
const cldr = JSON.parse(readFileSync(new URL('cldr48_gregorian_names_ar_locales.json', SHARED), 'utf8')) as { source: string; locales: Record<string, CldrLocale> };
const hijri = JSON.parse(readFileSync(new URL('hijri_umalqura_months_2019_2031.json', SHARED), 'utf8')) as {
  source: string;
  hijri_month_names_ar_cldr: string[];
  common_spelling_variants_hand_added: Record<string, string[]>;
};

/** Folded key with runs of spaces made one. */
const key = (s: string): string => foldString(s).replace(/\s+/gu, ' ').trim();

/** Add `name → value`, refusing a name that would mean two things. */
function put(table: Map<string, number>, name: string, value: number, what: string): void {
  const k = key(name);
  const had = table.get(k);
  if (had !== undefined && had !== value) throw new Error(`build-calendar: ${what} name "${name}" means both ${had} and ${value}`);
  table.set(k, value);
}

const gregorian = new Map<string, number>();
const weekdays = new Map<string, number>();
const DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
for (const locale of Object.keys(cldr.locales).sort()) {
  const l = cldr.locales[locale]!;
  for (const list of [l.months_format_wide, l.months_format_abbreviated, l.months_standalone_wide]) {
    (list ?? []).forEach((name, i) => put(gregorian, name, i + 1, 'month'));
  }
  for (const [day, name] of Object.entries(l.days_format_wide ?? {})) {
    const n = DAY.indexOf(day);
    if (n < 0) continue;
    put(weekdays, name, n, 'weekday');
    // The bare form (يوم اثنين، كل جمعة) beside the one with the article.
    if (key(name).startsWith('ال')) put(weekdays, key(name).slice(2), n, 'weekday');
  }
}

const hijriMonths = new Map<string, number>();
hijri.hijri_month_names_ar_cldr.forEach((name, i) => {
  put(hijriMonths, name, i + 1, 'hijri month');
  for (const v of hijri.common_spelling_variants_hand_added[name] ?? []) put(hijriMonths, v, i + 1, 'hijri month');
});

const sorted = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const out = {
  version: '1',
  source: `${cldr.source}; Hijri: ${hijri.source}, plus hand-added spelling variants`,
  license: 'Unicode-3.0',
  gregorian: sorted(gregorian),
  weekdays: sorted(weekdays),
  hijri: sorted(hijriMonths),
};
mkdirSync(new URL('.', OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
console.log(`model/calendar/months.json: ${gregorian.size} month names, ${weekdays.size} weekday names, ${hijriMonths.size} Hijri month names`);

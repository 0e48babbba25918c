/**
 * Spelling variants of Arabic names, generated rather than listed (DESIGN §4). Every variant is returned
 * already folded (src/text/fold.ts: hamza, ة/ه, ى/ي, tashkeel), so one key covers those; on top of that:
 * foreign-sound letters (g: غ/ج/ك/ق, v: ف/ڤ, p: ب/پ), with and without the article (the matcher adds
 * "مدينة/محافظة/ولاية X" for places: PLACE_PREFIXES), and the nisba inflections of demonyms (عراقي → العراقية، العراقيين …).
 */
import { foldString } from '../text/fold.js';

/** Letters that transliterate the same foreign sound; a name spelled with one is also spelled with the others. */
const SOUND_CLASSES: ReadonlyArray<readonly string[]> = [
  ['غ', 'ج', 'ك', 'ق'], // g: هامبورغ / هامبورج / هامبورك
  ['ف'], // v (ڤ folds to ف already)
  ['ب'], // p (پ folds to ب already)
];

/** At most this many sound-class variants per name (2 letters with 4 readings each = 16). */
const MAX_SOUND_VARIANTS = 16;

const ARTICLE = 'ال';

/** Folded, whitespace-normalised form of a name. */
export function nameKey(name: string): string {
  return foldString(name).replace(/[\u0640]/g, '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Orthographic variants of a transliterated name: each غ/ج written as any of غ ج ك ق (at most two of them). */
function soundVariants(key: string): string[] {
  const g = SOUND_CLASSES[0]!;
  const positions: number[] = [];
  // Only غ/ج stand for g in a source spelling; a ك or ق there is a k or q sound and stays.
  for (let i = 0; i < key.length; i++) if (key[i] === 'غ' || key[i] === 'ج') positions.push(i);
  if (positions.length === 0 || positions.length > 2) return [key];
  const out = new Set<string>([key]);
  const walk = (chars: string[], k: number): void => {
    if (out.size >= MAX_SOUND_VARIANTS) return;
    if (k === positions.length) {
      out.add(chars.join(''));
      return;
    }
    for (const letter of g) {
      chars[positions[k]!] = letter;
      walk(chars, k + 1);
    }
  };
  walk([...key], 0);
  return [...out];
}

/** With and without the definite article on the first word. */
function articleVariants(key: string): string[] {
  if (key.startsWith(ARTICLE) && key.length > 4) return [key, key.slice(2)];
  return [key];
}

/**
 * Administrative words that may stand before a settlement's name ("مدينة بغداد", "محافظة نينوى"), folded.
 * The matcher takes them in front of a city or province match, so they are not multiplied into the index.
 */
export const PLACE_PREFIXES: ReadonlySet<string> = new Set(['مدينة', 'محافظة', 'ولاية', 'مقاطعة', 'إقليم', 'بلدة', 'قرية', 'منطقة', 'إمارة', 'العاصمة'].map(nameKey));

/** Folded keys for a place name: orthographic and article variants. */
export function placeVariants(name: string): string[] {
  const out = new Set<string>();
  for (const base of soundVariantsIfForeign(nameKey(name))) for (const v of articleVariants(base)) out.add(v);
  return [...out];
}

/** Folded keys for a person or organisation name: orthographic variants only. */
export function nameVariants(name: string): string[] {
  return soundVariantsIfForeign(nameKey(name));
}

/**
 * The inflected forms of a nisba (demonym) base: عراقي → عراقي، عراقيه، عراقيون، عراقيين، عراقيات، and each
 * with ال. Also the form written with ى for the final ي (folded together anyway). Input in ordinary spelling.
 */
export function nisbaVariants(base: string): string[] {
  const key = nameKey(base);
  const stem = key.endsWith('ي') ? key.slice(0, -1) : key;
  const forms = [`${stem}ي`, `${stem}يه`, `${stem}يون`, `${stem}يين`, `${stem}يات`];
  const out = new Set<string>();
  for (const f of forms) {
    out.add(f);
    out.add(ARTICLE + f);
  }
  return [...out];
}

// Arabic names of Arabic origin don't alternate g-letters; transliterated ones do. A name gets sound variants
// only when it has a g-letter and at least one trait of transliteration: a long vowel run, a foreign cluster,
// or a letter sequence Arabic words rarely have. Cheap and conservative: a miss only costs recall.
const FOREIGN_HINTS = /(?:[وي]ن$|هاغ|هاج|غن|جن$|غر|جر|غل|نغ|نج$|رغ$|بورغ|بورج|ستان$|يا$|ا$)/;

function soundVariantsIfForeign(key: string): string[] {
  return FOREIGN_HINTS.test(key) ? soundVariants(key) : [key];
}

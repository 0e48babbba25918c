import { describe, it, expect } from 'vitest';
import { segmentClitics } from './segment-clitics.js';
import type { CliticParts } from './segment-clitics.js';

/** The spans as `text/kind` strings, after checking they tile the word with exactly one stem. */
function spans(word: string): string[] | null {
  const seg: CliticParts | null = segmentClitics(word);
  if (seg === null) return null;
  let at = 0;
  for (const p of seg.parts) {
    expect(p.start).toBe(at);
    expect(p.end).toBeGreaterThan(p.start);
    at = p.end;
  }
  expect(at).toBe(word.length);
  expect(seg.parts.filter((p) => p.kind === 'stem')).toHaveLength(1);
  return seg.parts.map((p) => `${word.slice(p.start, p.end)}/${p.kind}`);
}

describe('segmentClitics', () => {
  it('splits وبالعراق into conj, prep, article, stem', () => {
    expect(spans('وبالعراق')).toEqual(['و/conj', 'ب/prep', 'ال/article', 'عراق/stem']);
  });

  it('splits للسلطة into prep ل and the second ل as the article whose alef is not written', () => {
    expect(spans('للسلطة')).toEqual(['ل/prep', 'ل/article', 'سلطة/stem']);
  });

  it('splits the article alone off العراق', () => {
    expect(spans('العراق')).toEqual(['ال/article', 'عراق/stem']);
  });

  it('keeps التزام whole: the corpus writes الالتزام, so its ال is no article', () => {
    expect(segmentClitics('التزام')).toBeNull();
    expect(spans('الالتزام')).toEqual(['ال/article', 'التزام/stem']);
  });

  it('reads لل behind a conjunction as ل + ال even when the whole للمرة is frequent: وللمرة', () => {
    expect(spans('وللمرة')).toEqual(['و/conj', 'ل/prep', 'ل/article', 'مرة/stem']);
  });

  it('keeps ل + لبنان apart from ل + ال: للبنان', () => {
    expect(spans('للبنان')).toEqual(['ل/prep', 'لبنان/stem']);
  });

  it('splits the ب of compound prepositions: بشكل, بسبب', () => {
    expect(spans('بشكل')).toEqual(['ب/prep', 'شكل/stem']);
    expect(spans('بسبب')).toEqual(['ب/prep', 'سبب/stem']);
  });

  it('splits the future س off سيكون but not off سوريا, سنة or ستة', () => {
    expect(spans('سيكون')).toEqual(['س/future', 'يكون/stem']);
    expect(spans('وسيكون')).toEqual(['و/conj', 'س/future', 'يكون/stem']);
    expect(segmentClitics('سوريا')).toBeNull();
    expect(segmentClitics('سنة')).toBeNull();
    expect(segmentClitics('ستة')).toBeNull();
  });

  it('splits a pronoun off a noun whose ة became ت: حكومته', () => {
    expect(spans('حكومته')).toEqual(['حكومت/stem', 'ه/pron']);
  });

  it('splits a pronoun off a verb: نشرتها', () => {
    expect(spans('نشرتها')).toEqual(['نشرت/stem', 'ها/pron']);
  });

  it('splits pronouns off prepositions and particles: فيها, عليه, أنه, لديهم', () => {
    expect(spans('فيها')).toEqual(['في/stem', 'ها/pron']);
    expect(spans('عليه')).toEqual(['علي/stem', 'ه/pron']);
    expect(spans('أنه')).toEqual(['أن/stem', 'ه/pron']);
    expect(spans('لديهم')).toEqual(['لدي/stem', 'هم/pron']);
  });

  it('keeps the preposition as the stem of له and بها', () => {
    expect(spans('له')).toEqual(['ل/stem', 'ه/pron']);
    expect(spans('بها')).toEqual(['ب/stem', 'ها/pron']);
  });

  it('splits clitics on both sides: ولأنه', () => {
    expect(spans('ولأنه')).toEqual(['و/conj', 'ل/prep', 'أن/stem', 'ه/pron']);
  });

  it('leaves بغداد, فلسطين, كان, وزير, لبنان, بيان, سوريا, كتاب whole', () => {
    for (const w of ['بغداد', 'فلسطين', 'كان', 'وزير', 'لبنان', 'بيان', 'سوريا', 'كتاب']) expect(segmentClitics(w), w).toBeNull();
  });

  it('leaves function words that look cliticised whole: كما, لكن, الذي, ذلك', () => {
    for (const w of ['كما', 'لكن', 'الذي', 'ذلك']) expect(segmentClitics(w), w).toBeNull();
  });

  it('leaves words ending like a pronoun whole: هذه, وجه, مياه, هناك, أماكن, يمكن', () => {
    for (const w of ['هذه', 'وجه', 'مياه', 'هناك', 'أماكن', 'يمكن']) expect(segmentClitics(w), w).toBeNull();
  });

  it('splits a pronoun off a fixed word but not its letters: لكنه, وكانها', () => {
    expect(spans('لكنه')).toEqual(['لكن/stem', 'ه/pron']);
    expect(spans('وكانها')).toEqual(['و/conj', 'كان/stem', 'ها/pron']);
  });

  it('does not reach inside a fixed word behind a conjunction: وكما, ولكن', () => {
    expect(spans('وكما')).toEqual(['و/conj', 'كما/stem']);
    expect(spans('ولكن')).toEqual(['و/conj', 'لكن/stem']);
  });

  it('keeps a ة-final noun whole: no pronoun ه in حكومة', () => {
    expect(segmentClitics('حكومة')).toBeNull();
  });

  it('works with harakat in the word, keeping each haraka with its letter', () => {
    expect(spans('وَبِالعِرَاقِ')).toEqual(['وَ/conj', 'بِ/prep', 'ال/article', 'عِرَاقِ/stem']);
    expect(spans('لِلسُّلْطَةِ')).toEqual(['لِ/prep', 'ل/article', 'سُّلْطَةِ/stem']);
    expect(spans('حُكُومَتُهُ')).toEqual(['حُكُومَتُ/stem', 'هُ/pron']);
  });

  it('matches across hamza and Persian variants of a letter', () => {
    expect(spans('وٱلعراق')).toEqual(['و/conj', 'ٱل/article', 'عراق/stem']);
    expect(spans('وکان')).toEqual(['و/conj', 'کان/stem']);
  });

  it('returns null for single letters, digits and Latin', () => {
    for (const w of ['و', 'ب', '2024', 'Iraq', 'وIraq', '']) expect(segmentClitics(w), w).toBeNull();
  });

  it('returns the same answer on repeated calls (no state leaks between words)', () => {
    const first = spans('وبالعراق');
    spans('حكومته');
    expect(spans('وبالعراق')).toEqual(first);
  });
});

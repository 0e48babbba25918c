/**
 * Property tests: random and hostile strings never make the text layer throw, every span slices its
 * own text, and the offset maps (origin, fold) are monotone and in range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline.js';
import { toAnnotatedDoc } from '../src/doc.js';
import { expectValidDoc } from './helpers/invariants.js';

const pipeline = new Pipeline();
const PIECES = [
  'قال', 'الوزير', 'ل#x200d;داعش', '&amp;quot;', '&nbsp', '&#8205;', '\u200d', '\u200f', '\u202e', '\u2067', '\ufeff',
  'ـــ', 'ﻻ', 'ﺑﻐﺪاد', '\u064b\u064e\u0651', '“', '”', '«', '»', '"', '.', '؟', '!', '؛', ':', ' : ', ' – ', 'متابعة:', '2.5',
  '٢٠٢٠', '\n', '\r\n', '\n\n', '  ', '\t', 'مشاركة :', '(رويترز) -', 'د.', 'U.S.', 'پ', 'ڤ', 'ی', '\ud800', '\udc00',
  '😀', 'e\u0301', '\u0000', '\u0085', '\u2028', '#', '&', ';', 'بغداد - الصباح الجديد:',
];
const hostile = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string(), fc.string({ unit: 'binary' })), { maxLength: 60 }).map((a) => a.join(''));

function check(text: string, title?: string): void {
  const doc = pipeline.process(title === undefined ? { raw: text, text } : { raw: text, text, title });
  expectValidDoc(toAnnotatedDoc(doc));
  const badTokens = doc.tokens.filter((t) => t.end <= t.start || (t.parts ?? []).some((p) => p.start < 0 || t.start + p.end > t.end || p.end <= p.start));
  expect(badTokens).toEqual([]);
  let last = 0;
  let monotone = true;
  for (let i = 0; i <= doc.text.length; i++) {
    const s = doc.origin.toSource(i);
    if (s < last) monotone = false;
    last = s;
  }
  expect(monotone, 'origin map is monotone').toBe(true);
  expect(last).toBeLessThanOrEqual(Math.max(doc.input.text.length, text.length + (title?.length ?? 0) + 1));
  const map = doc.folded!.map;
  let increasing = true;
  for (let i = 1; i < map.length; i++) if (map[i]! <= map[i - 1]!) increasing = false;
  expect(increasing, 'fold map is strictly increasing').toBe(true);
}

describe('properties', () => {
  it('never throws and keeps every invariant on hostile strings', () => {
    fc.assert(fc.property(hostile, (text) => check(text)), { numRuns: 2000 });
  });
  it('keeps invariants with a hostile title', () => {
    fc.assert(fc.property(hostile, hostile, (text, title) => check(text, title)), { numRuns: 500 });
  });
  it('keeps the annotators (times, entities, quotes) valid on news-like fragments in any order', () => {
    const NEWS = ['قال', 'الوزير', '“', '”', '«', '»', '"', 'امس الاثنين', 'اليوم', '15 آذار 2024', '25 شوال 1436 هـ', 'هذا الربيع', 'قبل ثلاثة أيام', '\n', '.', '،', ':', 'داعش', 'للعراق', 'وزير الخارجية الفرنسي', 'الساعة 10 صباحا', '2020', 'كل يوم', 'مؤكدا', 'على', 'طرابلس', 'بغداد - الصباح الجديد:'];
    const news = fc.array(fc.oneof(fc.constantFrom(...NEWS), fc.string()), { maxLength: 40 }).map((a) => a.join(' '));
    const published = fc.option(fc.constantFrom('2019-10-22', '2019-10-22T10:00:00+03:00', 'Sun, 18 Feb 2018 21:35:43 +0400'), { nil: undefined });
    fc.assert(
      fc.property(news, published, (text, date) => {
        const doc = pipeline.process(date === undefined ? { raw: text, text } : { raw: text, text, published: date });
        expectValidDoc(toAnnotatedDoc(doc));
      }),
      { numRuns: 1000 },
    );
  });
  it('handles a 1 MB line', () => {
    const line = 'قال الوزير ل#x200d;داعش “نعم” 2.5 '.repeat(30_000).slice(0, 1_000_000);
    check(line);
  });
});

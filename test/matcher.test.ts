import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline.js';
import { KnowledgeBase } from '../src/lexicon/kb.js';
import { matchLexicon } from '../src/lexicon/matcher.js';
import { nisbaVariants, placeVariants } from '../src/lexicon/variants.js';
import type { KbEntry } from '../src/lexicon/kb-types.js';

const ENTRIES: KbEntry[] = [
  { id: 'iso:IRQ', type: 'LOC', subtype: 'GPE', en: 'Iraq', ar: ['العراق'], country: 'IRQ', feature: 'country', lat: 33, lon: 44 },
  { id: 'gn:98182', type: 'LOC', subtype: 'GPE', en: 'Baghdad', ar: ['بغداد'], country: 'IRQ', feature: 'city', lat: 33.34, lon: 44.4 },
  { id: 'gn:2618425', type: 'LOC', subtype: 'GPE', en: 'Copenhagen', ar: ['كوبنهاغن'], country: 'DNK', feature: 'city', lat: 55.68, lon: 12.57 },
  { id: 'wd:Q2429253', type: 'ORG', subtype: 'ARMED_GROUP', en: 'ISIS', ar: ['داعش', 'تنظيم الدولة', 'الدولة الإسلامية'], country: null, sector: 'REB' },
  { id: 'marsad:coalition', type: 'ORG', subtype: 'IGO', en: 'Global Coalition to Defeat ISIS', ar: ['التحالف الدولي لهزيمة داعش', 'التحالف الدولي'], country: 'IGO', sector: 'IGO' },
  { id: 'dem:DNK', type: 'MISC', subtype: 'NORP', en: 'Danish', ar: ['دنماركي'], country: 'DNK', inflect: 'nisba' },
];
const kb = new KnowledgeBase().add(ENTRIES);
const pipeline = new Pipeline();
const found = (text: string): Array<[string, string]> => {
  const doc = pipeline.process({ raw: text, text });
  return matchLexicon(kb, doc.text, doc.tokens).map((m) => [doc.text.slice(m.start, m.end), kb.entries[m.entries[0]!]!.id]);
};

describe('matcher', () => {
  it('matches names behind proclitics and keeps the clitic outside the span', () => {
    expect(found('قتال لداعش وبغداد بالعراق للعراق')).toEqual([
      ['داعش', 'wd:Q2429253'], ['بغداد', 'gn:98182'], ['العراق', 'iso:IRQ'], ['لعراق', 'iso:IRQ'],
    ]);
  });
  it('prefers the longest name', () => {
    expect(found('أعلن التحالف الدولي لهزيمة داعش')).toEqual([['التحالف الدولي لهزيمة داعش', 'marsad:coalition']]);
    expect(found('أعلن التحالف الدولي أمس')).toEqual([['التحالف الدولي', 'marsad:coalition']]);
  });
  it('matches generated spelling variants', () => {
    expect(found('في كوبنهاجن وكوبنهاكن')).toEqual([['كوبنهاجن', 'gn:2618425'], ['كوبنهاكن', 'gn:2618425']]);
    expect(found('مدينة بغداد وبمحافظة بغداد')).toEqual([['مدينة بغداد', 'gn:98182'], ['محافظة بغداد', 'gn:98182']]);
    expect(found('منطقة العراق')).toEqual([['العراق', 'iso:IRQ']]);
    expect(found('وزير الخارجية الدنماركي والحكومة الدنماركية')).toEqual([['الدنماركي', 'dem:DNK'], ['الدنماركية', 'dem:DNK']]);
  });
  it('matches through tashkeel and hamza variants', () => {
    expect(found('الدَّولة الاسلامية')).toEqual([['الدَّولة الاسلامية', 'wd:Q2429253']]);
  });
  it('does not cross punctuation or line breaks', () => {
    expect(found('تنظيم، الدولة')).toEqual([]);
  });
  it('does not match inside a longer word', () => {
    expect(found('بغدادي')).toEqual([]);
  });
});

describe('variants', () => {
  it('generates the g-letter spellings of a transliterated name, with and without ال', () => {
    expect(placeVariants('كوبنهاغن')).toEqual(['كوبنهاغن', 'كوبنهاجن', 'كوبنهاكن', 'كوبنهاقن']);
    expect(placeVariants('العراق')).toEqual(['العراق', 'عراق']);
  });
  it('inflects a nisba', () => {
    expect(nisbaVariants('عراقي')).toEqual(expect.arrayContaining(['عراقي', 'العراقيه', 'العراقيين', 'عراقيون']));
  });
});

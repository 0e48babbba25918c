/** model/kb/misc.json (scripts/build-misc.ts): MISC names, and how the lexicon labels them in a sentence. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KbFile } from '../src/lexicon/kb-types.js';
import { shippedKnowledgeBase } from '../src/lexicon/kb.js';
import { wordLexiconLabeler } from '../src/annotate/lexicon-labels.js';
import { miscKbFile } from '../scripts/build-misc.js';

const misc = JSON.parse(readFileSync(new URL('../model/kb/misc.json', import.meta.url), 'utf8')) as KbFile;

describe('model/kb/misc.json', () => {
  it('declares version, source and license, and is what scripts/build-misc.ts writes', () => {
    expect(misc.version).toBe(1);
    expect(misc.source).toMatch(/hand-curated by marsad/);
    expect(misc.license).toBe('Apache-2.0');
    expect(misc.entries).toEqual(miscKbFile().entries);
  });

  it('gives every entry a unique marsad id, type MISC, a subtype, an English name and Arabic names', () => {
    const ids = new Set<string>();
    for (const e of misc.entries) {
      expect(e.id).toMatch(/^marsad:misc-[a-z0-9-]+$/);
      expect(ids.has(e.id), e.id).toBe(false);
      ids.add(e.id);
      expect(e.type).toBe('MISC');
      expect(e.subtype).toMatch(/^[A-Z_]+$/);
      expect(e.en.length).toBeGreaterThan(1);
      expect(e.ar.length).toBeGreaterThan(0);
      for (const a of e.ar) expect(a).toMatch(/^[\u0600-\u06ff0-9 ]+$/);
    }
  });

  it('labels a currency after a number and a religion behind a clitic as B-MISC', () => {
    const label = wordLexiconLabeler(shippedKnowledgeBase());
    const a = label(['بلغت', 'قيمتها', '405', 'ملايين', 'دولار', '.']);
    expect(a[4]!.some((l) => l.startsWith('B-MISC'))).toBe(true);
    const b = label(['كتب', 'عن', 'تاريخ', 'للإسلام', 'في', 'أوروبا']);
    expect(b[3]!.some((l) => l.startsWith('B-MISC'))).toBe(true);
  });

  it('labels a multi-word event B-MISC then I-MISC', () => {
    const label = wordLexiconLabeler(shippedKnowledgeBase());
    const tags = label(['بعد', 'الحرب', 'العالمية', 'الثانية', 'مباشرة']);
    expect(tags[1]!.some((l) => l.startsWith('B-MISC'))).toBe(true);
    expect(tags[2]!.some((l) => l.startsWith('I-MISC'))).toBe(true);
    expect(tags[3]!.some((l) => l.startsWith('I-MISC'))).toBe(true);
  });
});

/** The NER tagger (src/annotate/ner-tagger.ts) and `marsad tag --conll`. */
import { Writable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTagger, NER_TAGS } from '../src/annotate/ner-tagger.js';
import { tagCommand } from '../src/cli/tag.js';
import { UsageError } from '../src/cli/usage-error.js';
import { InputError } from '../src/ingest/read-input.js';

const collect = (): { out: Writable; text: () => string } => {
  let s = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      s += String(chunk);
      done();
    },
  });
  return { out, text: () => s };
};

const wellFormed = (tags: string[]): boolean =>
  tags.every((t, i) => !t.startsWith('I-') || (i > 0 && tags[i - 1]!.slice(2) === t.slice(2) && tags[i - 1] !== 'O'));

describe('NER tagger', () => {
  it('tags a known place after في as B-LOC', () => {
    const tags = loadTagger().tag(['وقع', 'الانفجار', 'في', 'بغداد', 'أمس', '.']);
    expect(tags[3]).toBe('B-LOC');
    expect(tags[0]).toBe('O');
  });
  it('tags a place given by the lexicon as B-LOC', () => {
    const tokens = ['وصل', 'الوفد', 'إلى', 'القاهرة', 'مساء', 'الأحد', '.'];
    const lexicon = tokens.map((_, i) => (i === 3 ? ['B-LOC'] : []));
    expect(loadTagger().tag(tokens, lexicon)[3]).toBe('B-LOC');
  });
  it('keeps BIO well formed: no I-X after O or after another type', () => {
    const tagger = loadTagger();
    const sentences = [
      ['قال', 'الرئيس', 'الأمريكي', 'جورج', 'بوش', 'في', 'واشنطن', 'إن', 'الأمم', 'المتحدة', 'ستجتمع', '.'],
      ['المتحدة', 'بوش', 'الأمم', 'واشنطن'],
      ['I', 'المتحدة', '،', 'المتحدة'],
    ];
    for (const s of sentences) {
      const tags = tagger.tag(s);
      expect(tags).toHaveLength(s.length);
      expect(tags.every((t) => (NER_TAGS as readonly string[]).includes(t))).toBe(true);
      expect(wellFormed(tags)).toBe(true);
    }
    expect(tagger.tag([])).toEqual([]);
  });
});

describe('marsad tag --conll', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'marsad-tag-'));
  it('keeps tokens and blank lines, reading one or two columns', async () => {
    const file = join(tmp, 'in.conll');
    writeFileSync(file, 'قال O\nالرئيس O\nبوش B-PERS\n\n\nفي\nلندن\n.\n');
    const { out, text } = collect();
    expect(await tagCommand(['--conll', file], out)).toBe(0);
    const lines = text().split('\n');
    expect(lines).toHaveLength(9); // 6 tokens, 2 blank lines, final newline
    expect(lines.map((l) => l.split('\t')[0])).toEqual(['قال', 'الرئيس', 'بوش', '', '', 'في', 'لندن', '.', '']);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe('');
    for (const l of lines.filter(Boolean)) expect(l.split('\t')[1]).toMatch(/^(O|[BI]-(PERS|ORG|LOC|MISC))$/);
    expect(lines[6]).toBe('لندن\tB-LOC');
  });
  it('is a usage error without --conll or a file, and an input error for a missing file', async () => {
    await expect(tagCommand(['x.conll'])).rejects.toBeInstanceOf(UsageError);
    await expect(tagCommand(['--conll'])).rejects.toBeInstanceOf(UsageError);
    await expect(tagCommand(['--conll', join(tmp, 'nope.conll')])).rejects.toBeInstanceOf(InputError);
  });
});

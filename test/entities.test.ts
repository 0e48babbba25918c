/** Entities in the AnnotatedDoc: tagger + knowledge base + linking, on the seed and on small cases. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline.js';
import type { AnnotatedDoc, Entity } from '../src/types.js';
import { spansOf } from '../src/annotate/tag-entities.js';
import { expectValidDoc } from './helpers/invariants.js';

const seedText = readFileSync(new URL('./fixtures/coalition-copenhagen.txt', import.meta.url), 'utf8');
const seed = analyze({ raw: seedText, text: seedText });
const doc = (text: string): AnnotatedDoc => analyze({ raw: text, text });
const find = (d: AnnotatedDoc, text: string): Entity | undefined => d.entities.find((e) => e.text === text);

describe('entities on the seed article', () => {
  it('is a valid document', () => expectValidDoc(seed));
  it('links كوبنهاغن to Copenhagen, DNK, near 55.68/12.57', () => {
    const e = find(seed, 'كوبنهاغن')!;
    expect(e).toMatchObject({ type: 'LOC', name: 'Copenhagen', country: 'DNK' });
    expect(e.lat!).toBeCloseTo(55.68, 1);
    expect(e.lon!).toBeCloseTo(12.57, 1);
  });
  it('links the countries', () => {
    expect(find(seed, 'العراق')).toMatchObject({ type: 'LOC', country: 'IRQ' });
    expect(find(seed, 'سوريا')).toMatchObject({ type: 'LOC', country: 'SYR' });
    expect(find(seed, 'إيطاليا')).toMatchObject({ type: 'LOC', country: 'ITA' });
  });
  it('finds the Danish foreign minister as a person of DNK and his demonym', () => {
    expect(find(seed, 'جيب كوفود')).toMatchObject({ type: 'PER', country: 'DNK' });
    expect(find(seed, 'الدنماركي')).toMatchObject({ type: 'MISC', subtype: 'NORP', country: 'DNK' });
  });
  it('links داعش to ISIS, the coalition to an IGO and مجلس الأمن to the UN Security Council', () => {
    expect(find(seed, 'داعش')).toMatchObject({ type: 'ORG', subtype: 'ARMED_GROUP', id: 'wd:Q2429253' });
    expect(find(seed, 'التحالف الدولي لهزيمة داعش')).toMatchObject({ type: 'ORG', subtype: 'IGO', country: 'IGO', name: expect.stringMatching(/Coalition/) });
    expect(find(seed, 'مجلس الأمن')).toMatchObject({ type: 'ORG', name: expect.stringMatching(/Security Council/) });
  });
  it('finds غرب أفريقيا and الساحل as regions spanning countries', () => {
    expect(find(seed, 'غرب أفريقيا')).toMatchObject({ type: 'LOC', subtype: 'REGION' });
    expect(seed.entities.find((e) => e.text.endsWith('الساحل'))).toMatchObject({ type: 'LOC', subtype: 'REGION' });
    expect(find(seed, 'غرب أفريقيا')!.country).toBeUndefined();
  });
  it('does not take the enclave جيب إقليمي for a person', () => {
    expect(seed.entities.some((e) => e.text.includes('جيب إقليمي'))).toBe(false);
  });
});

describe('entities', () => {
  it('leaves the preposition outside a name: لداعش names داعش', () => {
    expect(find(doc('أعلنت الحكومة الحرب على تنظيم القاعدة وقالت إنها ستتصدى لداعش.'), 'داعش')).toMatchObject({ subtype: 'ARMED_GROUP' });
  });
  it('resolves a homonym by the document focus: طرابلس in Lebanon', () => {
    const d = doc('قال مسؤولون لبنانيون إن اشتباكات اندلعت في طرابلس شمال لبنان، وانتشر الجيش اللبناني في المدينة.');
    expect(find(d, 'طرابلس')).toMatchObject({ country: 'LBN' });
  });
  it('resolves طرابلس in Libya by the same focus', () => {
    const d = doc('أعلنت حكومة الوفاق الليبية أن قوات موالية لها سيطرت على أحياء في طرابلس، وقال المتحدث إن ليبيا تواجه أزمة.');
    expect(find(d, 'طرابلس')).toMatchObject({ country: 'LBY' });
  });
  it('does not make a town of a frequent ordinary word', () => {
    const d = doc('وجاء في بيان جديد صدر اليوم أن التقدم مستمر.');
    expect(d.entities.filter((e) => e.type === 'LOC')).toEqual([]);
  });
  it('does not take a preposition after a role for a person (على folds like the name علي)', () => {
    const d = doc('وقال الرئيس الروسي على هامش القمة إن بلاده مستعدة.');
    expect(d.entities.filter((e) => e.type === 'PER')).toEqual([]);
  });
  it('keeps every entity span exact', () => {
    const d = doc('وقال وزير الخارجية الأمريكي مايك بومبيو في واشنطن إن الولايات المتحدة لن تساهم.');
    expectValidDoc(d);
    expect(find(d, 'واشنطن')).toMatchObject({ country: 'USA' });
  });
});

describe('BIO spans', () => {
  it('reads BIO tags as conlleval does', () => {
    expect(spansOf(['B-PERS', 'I-PERS', 'O', 'I-LOC', 'B-ORG', 'B-ORG', 'I-ORG'])).toEqual([[0, 2, 'PERS'], [3, 4, 'LOC'], [4, 5, 'ORG'], [5, 7, 'ORG']]);
  });
});

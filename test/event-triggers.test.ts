import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Trigger {
  lemma: string;
  forms: string[];
  event: string;
  mode: string | null;
  cameo: string;
  pattern?: string;
  weak?: boolean;
}
const lexicon = JSON.parse(readFileSync(new URL('../model/events/triggers.json', import.meta.url), 'utf8')) as {
  version: number;
  source: string;
  license: string;
  triggers: Trigger[];
};
const { triggers } = lexicon;

/** The 16 PLOVER v0.8 types and the modes the manual's tables give them. */
const MODES: Record<string, string[]> = {
  AGREE: [], CONSULT: ['visit', 'third-party', 'multilateral', 'phone'], SUPPORT: [], CONCEDE: [], COOPERATE: [], AID: [],
  RETREAT: ['withdraw', 'release', 'disarm', 'ceasefire', 'access', 'resign'],
  REQUEST: ['assist', 'change', 'yield', 'meet'],
  ACCUSE: ['disapprove', 'investigate', 'allege'],
  REJECT: ['assist', 'change', 'yield', 'meet'],
  THREATEN: ['restrict', 'arrest', 'relations', 'expel', 'territory', 'violence'],
  PROTEST: ['demo', 'riot', 'strike', 'hunger', 'boycott', 'obstruct', 'vandalize'],
  SANCTION: ['convict', 'expel', 'withdraw', 'discontinue'],
  MOBILIZE: ['troops', 'weapons', 'police', 'militia'],
  COERCE: ['seize', 'restrict', 'censor', 'curfew', 'martial-law', 'arrest', 'deport', 'withhold', 'misinformation', 'cyber'],
  ASSAULT: ['abduct', 'beat', 'torture', 'sexual', 'targeted', 'destroy', 'primitive', 'firearms', 'explosives',
    'suicide-attack', 'aerial', 'drone', 'heavy-weapons', 'crowd-control', 'unconventional'],
};
const TYPES = Object.keys(MODES);
// What folding removes or replaces (DESIGN §4): tashkeel, tatweel, hamza-carrying alefs, ى, ة, ؤ/ئ.
const UNFOLDED = /[\u064b-\u065f\u0670\u0640أإآٱىةؤئ]/;

/** The stand-alone (no pattern), strong triggers that a folded form fires. */
const fired = (form: string): Trigger[] => triggers.filter((t) => !t.pattern && !t.weak && t.forms.includes(form));
/** The PLOVER types a form fires on its own. */
const typesOf = (form: string): string[] => [...new Set(fired(form).map((t) => t.event))];

describe('model/events/triggers.json', () => {
  it('is version 1 and names its source and license', () => {
    expect(lexicon.version).toBe(1);
    expect(lexicon.source).toMatch(/Petrarch/i);
    expect(lexicon.license).toMatch(/CC BY-SA 4\.0/);
    expect(triggers.length).toBeGreaterThan(1000);
  });

  it('gives every trigger one of the 16 PLOVER types, a mode of that type or null, and folded non-empty forms', () => {
    const bad: string[] = [];
    for (const t of triggers) {
      if (!TYPES.includes(t.event)) bad.push(`${t.lemma}: type ${t.event}`);
      if (t.mode !== null && !(MODES[t.event] ?? []).includes(t.mode)) bad.push(`${t.lemma}: ${t.event} mode ${t.mode}`);
      if (t.forms.length === 0) bad.push(`${t.lemma}: no forms`);
      for (const f of t.forms) if (f.trim() === '' || UNFOLDED.test(f)) bad.push(`${t.lemma}: form "${f}"`);
    }
    expect(bad).toEqual([]);
  });

  it('covers all 16 types with stand-alone triggers or patterns', () => {
    for (const type of TYPES) expect(triggers.some((t) => t.event === type), type).toBe(true);
  });

  it('generates past, present, future, masdar and participle forms of اجتمع', () => {
    const forms = new Set(fired('اجتمع').flatMap((t) => t.forms));
    for (const f of ['اجتمع', 'اجتمعت', 'اجتمعوا', 'يجتمع', 'تجتمع', 'سيجتمع', 'ستجتمع', 'اجتماع', 'الاجتماع', 'مجتمعا']) {
      expect(forms.has(f), f).toBe(true);
    }
  });

  it('codes a meeting (اجتمع، اجتماع) as CONSULT', () => {
    expect(typesOf('اجتمع')).toEqual(['CONSULT']);
    expect(typesOf('اجتماع')).toEqual(['CONSULT']);
  });

  it('codes shelling (قصف) as ASSAULT', () => {
    expect(typesOf('قصف')).toEqual(['ASSAULT']);
    expect(typesOf('القصف')).toEqual(['ASSAULT']);
  });

  it('codes an arrest (اعتقل) as COERCE with the arrest mode', () => {
    expect(fired('اعتقل').map((t) => [t.event, t.mode])).toContainEqual(['COERCE', 'arrest']);
    expect(typesOf('اعتقل')).toEqual(['COERCE']);
  });

  it('codes demonstrations (تظاهر، مظاهرة) as PROTEST', () => {
    expect(typesOf('تظاهر')).toEqual(['PROTEST']);
    expect(typesOf('مظاهره')).toEqual(['PROTEST']);
  });

  it('codes imposing sanctions (فرض عقوبات) as SANCTION', () => {
    const hit = triggers.filter((t) => t.forms.includes('فرض') && (t.pattern ?? '').includes('عقوبات'));
    expect(hit.map((t) => t.event)).toContain('SANCTION');
  });

  it('codes an agreement (اتفق، اتفاق) as AGREE', () => {
    expect(typesOf('اتفق')).toEqual(['AGREE']);
    expect(typesOf('اتفاق')).toEqual(['AGREE']);
  });

  it('codes aid (مساعدات) as AID, and the verb ساعد ("helps to") only as a weak AID trigger', () => {
    expect(typesOf('مساعدات')).toEqual(['AID']);
    expect(typesOf('ساعد')).toEqual([]);
    expect(triggers.filter((t) => t.weak && t.forms.includes('ساعد')).map((t) => t.event)).toContain('AID');
  });

  it('codes هدد as THREATEN, اتهم as ACCUSE, رفض as REJECT, طالب as REQUEST, انسحب as RETREAT', () => {
    expect(typesOf('هدد')).toEqual(['THREATEN']);
    expect(typesOf('اتهم')).toEqual(['ACCUSE']);
    expect(typesOf('رفض')).toEqual(['REJECT']);
    expect(typesOf('طالب')).toEqual(['REQUEST']);
    expect(typesOf('انسحب')).toEqual(['RETREAT']);
  });

  it('never fires on "said" (قال)', () => {
    expect(triggers.some((t) => t.forms.includes('قال'))).toBe(false);
  });
});

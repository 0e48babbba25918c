import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KbEntry, KbFile } from '../src/lexicon/kb-types.js';
import { nameKey, nameVariants } from '../src/lexicon/variants.js';
import { foldString } from '../src/text/fold.js';

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../model/kb/${name}`, import.meta.url), 'utf8')) as T;
const actors = read<KbFile>('actors.json');
const roles = read<{ version: 1; source: string; license: string; roles: Array<{ ar: string; en: string; sector: string | null; person: boolean }> }>(
  'roles.json',
);
const names = read<{ version: 1; source: string; license: string; first: string[]; last: string[]; tokens: Record<string, number> }>(
  'person-names.json',
);

/** The actor entries a name reaches through its generated spelling variants. */
function lookup(name: string): KbEntry[] {
  const key = nameKey(name);
  return actors.entries.filter((e) => e.ar.some((n) => nameVariants(n).includes(key)));
}

/** The one entry a name reaches; fails when it reaches none or several. */
function only(name: string): KbEntry {
  const hits = lookup(name);
  expect(hits.map((e) => e.id), name).toHaveLength(1);
  return hits[0]!;
}

describe('model/kb actors, roles and person names', () => {
  it('declares version, source and license in every file', () => {
    for (const f of [actors, roles, names]) {
      expect(f.version).toBe(1);
      expect(f.source.length).toBeGreaterThan(10);
      expect(f.license.length).toBeGreaterThan(3);
    }
  });

  it('gives every actor an id, an English name, Arabic names and a sector', () => {
    const ids = new Set<string>();
    for (const e of actors.entries) {
      expect(e.id).toMatch(/^(wd:Q\d+|marsad:[a-z0-9-]+)$/);
      expect(ids.has(e.id), e.id).toBe(false);
      ids.add(e.id);
      expect(e.type).toBe('ORG');
      expect(e.en.length).toBeGreaterThan(1);
      expect(e.ar.length).toBeGreaterThan(0);
      expect(e.sector).toMatch(/^[A-Z]{3}$/);
      if (e.country !== null && e.country !== undefined) expect(e.country).toMatch(/^([A-Z]{3})$/);
    }
  });

  it('never gives one name to two actors', () => {
    const owner = new Map<string, string>();
    for (const e of actors.entries) {
      for (const n of e.ar) {
        const k = nameKey(n);
        const prev = owner.get(k);
        expect(prev === undefined || prev === e.id, `${n}: ${prev} / ${e.id}`).toBe(true);
        owner.set(k, e.id);
      }
    }
  });

  it('makes داعش, تنظيم الدولة and الدولة الإسلامية one armed group', () => {
    const isis = only('داعش');
    expect(isis.subtype).toBe('ARMED_GROUP');
    expect(isis.id).toBe('wd:Q2429253');
    expect(only('تنظيم الدولة').id).toBe(isis.id);
    expect(only('الدولة الإسلامية').id).toBe(isis.id);
  });

  it('links التحالف الدولي لهزيمة داعش and bare التحالف الدولي to the Global Coalition', () => {
    const coalition = only('التحالف الدولي لهزيمة داعش');
    expect(coalition.subtype).toBe('IGO');
    expect(coalition.country).toBe('IGO');
    expect(coalition.en).toMatch(/Global Coalition/);
    expect(only('التحالف الدولي').id).toBe(coalition.id);
  });

  it('links مجلس الأمن to the UN Security Council', () => {
    expect(only('مجلس الأمن').en).toBe('United Nations Security Council');
    expect(only('مجلس الأمن الدولي').en).toBe('United Nations Security Council');
  });

  it('links أنصار الله and الحوثيين to the Houthis in Yemen', () => {
    const houthis = only('أنصار الله');
    expect(houthis.en).toMatch(/Houthi/);
    expect(houthis.country).toBe('YEM');
    expect(only('الحوثيين').id).toBe(houthis.id);
  });

  it('generates state institutions from nisbas: وزارة الخارجية الدنماركية is Denmark, GOV', () => {
    const mfa = only('وزارة الخارجية الدنماركية');
    expect(mfa.country).toBe('DNK');
    expect(mfa.sector).toBe('GOV');
    expect(only('الجيش العراقي')).toMatchObject({ country: 'IRQ', subtype: 'MIL', sector: 'MIL' });
    expect(only('الخارجية الأميركية').country).toBe('USA');
  });

  it('has وزير الخارجية among the roles, sector GOV', () => {
    const role = roles.roles.find((r) => r.ar === 'وزير الخارجية');
    expect(role).toMatchObject({ en: 'Foreign Minister', sector: 'GOV', person: true });
  });

  it('lists محمد as a first name but not common words such as جيب, عام, يوم, الدولة', () => {
    const first = new Set(names.first.map((n) => foldString(n)));
    expect(first.has(foldString('محمد'))).toBe(true);
    expect(names.tokens[foldString('محمد')]).toBeGreaterThan(0);
    for (const w of ['جيب', 'عام', 'يوم', 'الدولة']) {
      const k = foldString(w);
      expect(first.has(k), w).toBe(false);
      expect(names.last.map((n) => foldString(n))).not.toContain(k);
      expect(names.tokens[k], w).toBeUndefined();
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KbEntry, KbFile } from '../src/lexicon/kb-types.js';
import { nameKey, nisbaVariants, placeVariants } from '../src/lexicon/variants.js';

const load = (name: string): KbFile =>
  JSON.parse(readFileSync(new URL(`../model/kb/${name}`, import.meta.url), 'utf8')) as KbFile;
const places = load('places.json');
const regions = load('regions.json');
const demonyms = load('demonyms.json');

/** Place entries a name would match through the generated variants, most populous first. */
function lookup(file: KbFile, name: string): KbEntry[] {
  const key = nameKey(name);
  return file.entries
    .filter((e) => e.ar.some((n) => placeVariants(n).includes(key)))
    .sort((a, b) => (b.population ?? -1) - (a.population ?? -1));
}

describe('model/kb places, regions and demonyms', () => {
  it('declares version, source and license in every file', () => {
    for (const f of [places, regions, demonyms]) {
      expect(f.version).toBe(1);
      expect(f.source.length).toBeGreaterThan(10);
      expect(f.license.length).toBeGreaterThan(3);
    }
  });

  it('gives كوبنهاغن to Copenhagen, Denmark, not the row that sat in New York state', () => {
    const hits = lookup(places, 'كوبنهاغن').filter((e) => e.feature === 'city');
    const top = hits[0]!;
    expect(top.country).toBe('DNK');
    expect(top.lat!).toBeCloseTo(55.68, 1);
    expect(top.lon!).toBeCloseTo(12.57, 1);
    expect(hits.every((e) => e.lon! > 0)).toBe(true);
  });

  it('finds بغداد in Iraq first', () => {
    const top = lookup(places, 'بغداد')[0]!;
    expect(top.country).toBe('IRQ');
    expect(top.feature).toBe('city');
  });

  it('keeps both Tripolis: طرابلس in Libya and in Lebanon', () => {
    const countries = new Set(lookup(places, 'طرابلس').map((e) => e.country));
    expect(countries.has('LBY')).toBe(true);
    expect(countries.has('LBN')).toBe(true);
  });

  it('has 250 countries, each with an Arabic name, an ISO3 code and a centroid', () => {
    const countries = places.entries.filter((e) => e.feature === 'country');
    expect(countries.length).toBe(250);
    for (const c of countries) {
      expect(c.ar.length, c.en).toBeGreaterThan(0);
      expect(c.country).toMatch(/^[A-Z]{3}$/);
      expect(c.type).toBe('LOC');
      expect(c.subtype).toBe('GPE');
    }
    expect(lookup(places, 'أمريكا')[0]!.country).toBe('USA');
    expect(lookup(places, 'بريطانيا')[0]!.country).toBe('GBR');
  });

  it('puts every place inside the coordinate ranges, with a country', () => {
    for (const e of places.entries) {
      if (e.lat === undefined) continue;
      expect(Math.abs(e.lat), e.id).toBeLessThanOrEqual(90);
      expect(Math.abs(e.lon!), e.id).toBeLessThanOrEqual(180);
      expect(e.country, e.id).toMatch(/^[A-Z]{3}$/);
      expect(['country', 'city', 'adm1']).toContain(e.feature);
    }
  });

  it('uses each id once across the three files', () => {
    const ids = [...places.entries, ...regions.entries, ...demonyms.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes غرب أفريقيا and الساحل multi-country regions', () => {
    for (const name of ['غرب أفريقيا', 'الساحل']) {
      const r = lookup(regions, name)[0]!;
      expect(r.subtype).toBe('REGION');
      expect(r.country).toBeNull();
      expect(r.countries!.length).toBeGreaterThanOrEqual(4);
      expect(r.countries).toContain('MLI');
    }
    const gaza = lookup(regions, 'قطاع غزة')[0]!;
    expect(gaza.country).toBe('PSE');
    expect(lookup(regions, 'إقليم كردستان')[0]!.country).toBe('IRQ');
  });

  it('links the nisbas دنماركي, عراقي and أمريكي and their inflections to their countries', () => {
    const byForm = (form: string): string | null | undefined =>
      demonyms.entries.find((e) => e.ar.some((b) => nisbaVariants(b).includes(nameKey(form))))?.country;
    expect(byForm('دنماركي')).toBe('DNK');
    expect(byForm('عراقي')).toBe('IRQ');
    expect(byForm('أمريكي')).toBe('USA');
    expect(byForm('الأميركية')).toBe('USA');
    expect(byForm('العراقيين')).toBe('IRQ');
    for (const e of demonyms.entries) {
      expect(e.type).toBe('MISC');
      expect(e.subtype).toBe('NORP');
      expect(e.inflect).toBe('nisba');
    }
  });
});

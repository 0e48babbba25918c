/**
 * code-events: the seed article's events (issue 4's done-when), the same article rewritten with another city,
 * host, minister, outlet, weekday, season, venue and region (the coder knows no sentence of it), and small
 * cases for structure, modality, attribution and size.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline.js';
import type { AnnotatedDoc, PloverEvent } from '../src/types.js';
import { precisionOf } from '../src/annotate/code-events.js';
import { expectValidDoc } from './helpers/invariants.js';

const seedText = readFileSync(new URL('./fixtures/coalition-copenhagen.txt', import.meta.url), 'utf8');
const doc = (text: string, published: string | null = '2018-03-05'): AnnotatedDoc => analyze({ raw: text, text, published });
const realized = (e: PloverEvent): boolean => !e.negated && !e.future && !e.hypothetical;
const countries = (list: PloverEvent['actor']): Array<string | null> => list.map((a) => a.country);

/** What issue 4 asks of the seed article, for a version of it whose names and dates are given. */
interface Expect {
  city: string; cityCountry: string; meetingDay: string; venueCountry: string; season: string;
}

function checkCoalitionArticle(d: AnnotatedDoc, x: Expect): void {
  expectValidDoc(d);
  const meeting = d.events.find((e) => e.event === 'CONSULT' && e.event_loc?.country === x.cityCountry);
  expect(meeting, 'a CONSULT in the host city').toBeDefined();
  expect(meeting!.event_loc!.text).toBe(x.city);
  expect(meeting!.date).toBe(x.meetingDay);
  expect(countries(meeting!.actor)).toContain('IGO');
  expect(countries(meeting!.recipient)).toContain(x.cityCountry);
  expect(realized(meeting!)).toBe(true);

  const support = d.events.filter((e) => ['SUPPORT', 'COOPERATE'].includes(e.event) || (e.event === 'AGREE' && ['SUPPORT', 'COOPERATE'].includes(e.planned ?? '')));
  expect(support.some((e) => countries(e.recipient).includes('IRQ')), 'support for the Iraqi government').toBe(true);

  const ministerial = d.events.find((e) => e.event === 'AGREE' && e.planned === 'CONSULT' && e.event_loc?.country === x.venueCountry);
  expect(ministerial, 'a planned ministerial meeting in the venue country').toBeDefined();
  expect(ministerial!.date).toBe(x.season);
  expect(ministerial!.future).toBe(true);

  const regional = d.events.find((e) => e.event === 'AGREE' && e.planned === 'CONSULT' && e.date === '2020' && e !== ministerial);
  expect(regional, 'a planned meeting on the region in 2020').toBeDefined();
  expect(regional!.event_loc?.feature).toBe('region');
  expect(regional!.event_loc?.country).toBeNull();

  const statementQuotes = d.quotes.filter((q) => q.speaker && /بيان/.test(q.speaker.text));
  expect(statementQuotes.length).toBeGreaterThanOrEqual(3);

  expect(d.events.filter((e) => e.event === 'ASSAULT' && realized(e)), 'no realized ASSAULT').toEqual([]);
  expect(d.events.some((e) => e.event === 'ASSAULT' && e.hypothetical), 'the attacks ISIS hopes for are hypothetical').toBe(true);
}

describe('the seed article', () => {
  it('gives the meeting, the support, the two planned meetings, the quotations and no realized attack', () => {
    checkCoalitionArticle(doc(seedText, '2020-01-28'), { city: 'كوبنهاغن', cityCountry: 'DNK', meetingDay: '2020-01-27', venueCountry: 'ITA', season: '2020-SP' });
  });

  it('gives every event its evidence: the sentence, a trigger inside it, ids in order', () => {
    const d = doc(seedText, '2020-01-28');
    d.events.forEach((e, i) => {
      const s = d.sentences[e.sentence]!;
      expect(e.id).toBe(`${d.id}-${i + 1}`);
      expect(e.event_text).toBe(d.text.slice(s.start, s.end));
      expect(e.trigger.start).toBeGreaterThanOrEqual(s.start);
      expect(e.trigger.end).toBeLessThanOrEqual(s.end);
      expect(d.text.slice(e.trigger.start, e.trigger.end)).toBe(e.trigger.text);
      expect(e.confidence).toBeGreaterThan(0);
      expect(e.confidence).toBeLessThanOrEqual(1);
      if (e.date) expect(e.date_precision).toBe(precisionOf(e.date));
    });
  });
});

describe('the same article with other names, places and dates', () => {
  const variants: Array<{ name: string; edits: Array<[string, string]>; published: string; x: Expect }> = [
    {
      name: 'another city, host and minister (Oslo, Norway)',
      edits: [['كوبنهاغن', 'أوسلو'], ['الدنماركي جيب كوفود', 'النرويجي إينه سوريدي']],
      published: '2020-01-28',
      x: { city: 'أوسلو', cityCountry: 'NOR', meetingDay: '2020-01-27', venueCountry: 'ITA', season: '2020-SP' },
    },
    {
      name: 'another outlet and weekday (Tuesday statement, published Wednesday)',
      edits: [['الصباح الجديد', 'المدى'], ['امس الاثنين', 'امس الثلاثاء']],
      published: '2020-01-29',
      x: { city: 'كوبنهاغن', cityCountry: 'DNK', meetingDay: '2020-01-28', venueCountry: 'ITA', season: '2020-SP' },
    },
    {
      name: 'another venue and season (France, autumn)',
      edits: [['سيعقد في إيطاليا هذا الربيع', 'سيعقد في فرنسا هذا الخريف']],
      published: '2020-01-28',
      x: { city: 'كوبنهاغن', cityCountry: 'DNK', meetingDay: '2020-01-27', venueCountry: 'FRA', season: '2020-FA' },
    },
    {
      name: 'another region and host city (East Africa; Berlin, Germany)',
      edits: [['غرب أفريقيا ومنطقة الساحل', 'شرق أفريقيا'], ['كوبنهاغن', 'برلين'], ['الدنماركي جيب كوفود', 'الألماني هايكو ماس']],
      published: '2020-01-28',
      x: { city: 'برلين', cityCountry: 'DEU', meetingDay: '2020-01-27', venueCountry: 'ITA', season: '2020-SP' },
    },
  ];
  for (const v of variants) {
    it(v.name, () => {
      let text = seedText;
      for (const [from, to] of v.edits) {
        expect(text.includes(from), `the seed holds "${from}"`).toBe(true);
        text = text.split(from).join(to);
      }
      checkCoalitionArticle(doc(text, v.published), v.x);
    });
  }
});

describe('structure: actor, recipient, place', () => {
  it('VSO with a demonym actor and a city after مدينة', () => {
    const [e] = doc('قصفت طائرات روسية مدينة إدلب شمال غربي سوريا.').events;
    expect(e).toMatchObject({ event: 'ASSAULT', event_loc: { country: 'SYR' } });
    expect(countries(e!.actor)).toEqual(['RUS']);
  });
  it('a visit received: the visitor acts, the host receives', () => {
    const e = doc('استقبل العاهل السعودي الملك سلمان في الرياض رئيس الوزراء العراقي حيدر العبادي.').events.find((x) => x.event === 'CONSULT');
    expect(e).toBeDefined();
    expect(countries(e!.actor)).toContain('IRQ');
    expect(countries(e!.recipient)).toContain('SAU');
    expect(e!.event_loc?.country).toBe('SAU');
  });
  it('SVO with a recipient after ضد and a compound actor', () => {
    const e = doc('روسيا وتركيا تشنان هجوما ضد تنظيم داعش في سوريا.').events.find((x) => x.event === 'ASSAULT');
    expect(e).toBeDefined();
    expect(countries(e!.actor)).toEqual(['RUS', 'TUR']);
    expect(e!.recipient.map((r) => r.name)).toContain('Islamic State (ISIS)');
  });
  it('falls back to the publication date, saying so', () => {
    const e = doc('اعتقلت الشرطة التركية 12 شخصا في إسطنبول.').events.find((x) => x.event === 'COERCE');
    expect(e).toMatchObject({ date: '2018-03-05', date_source: 'published', date_precision: 'day', size: { arrested: 12 } });
    expect(e!.event_loc?.country).toBe('TUR');
  });
  it('leaves the date empty without publication date or date words', () => {
    const e = doc('اعتقلت الشرطة التركية 12 شخصا في إسطنبول.', null).events[0];
    expect(e).toMatchObject({ date: null, date_source: null });
  });
});

describe('modality and attribution', () => {
  it('negated', () => {
    const e = doc('لم يجتمع وزير الخارجية الأمريكي بنظيره الروسي في جنيف.').events.find((x) => x.trigger.text.includes('يجتمع'));
    expect(e).toMatchObject({ event: 'CONSULT', negated: true });
  });
  it('a future visit is AGREE with planned CONSULT and the month it names', () => {
    const e = doc('سيزور الرئيس الفرنسي الجزائر الشهر المقبل.').events[0];
    expect(e).toMatchObject({ event: 'AGREE', planned: 'CONSULT', future: true, date: '2018-04', date_precision: 'month' });
  });
  it('feared attacks are hypothetical', () => {
    const e = doc('يخشى مسؤولون أن يشن تنظيم داعش هجمات جديدة في العراق.').events.find((x) => x.event === 'ASSAULT');
    expect(e).toMatchObject({ hypothetical: true });
  });
  it('a claimed attack', () => {
    const e = doc('تبنى تنظيم داعش الهجوم على كنيسة في داغستان.').events.find((x) => x.event === 'ASSAULT');
    expect(e).toMatchObject({ attribution: 'claimed' });
  });
  it('an alleged attack', () => {
    const e = doc('اتهمت إيران السعودية بقصف مواقع في اليمن.').events.find((x) => x.event === 'ASSAULT');
    expect(e).toMatchObject({ attribution: 'alleged' });
  });
});

describe('size and merging', () => {
  it('dead and injured of one attack are one ASSAULT', () => {
    const d = doc('قتل 25 شخصا وأصيب 40 آخرون في انفجار استهدف سوقا في كابول.');
    const assaults = d.events.filter((e) => e.event === 'ASSAULT');
    expect(assaults).toHaveLength(1);
    expect(assaults[0]!.size).toMatchObject({ dead: 25 });
  });
  it('protest participants in thousands', () => {
    const e = doc('تظاهر 5 آلاف شخص في الخرطوم احتجاجا على ارتفاع الأسعار.').events.find((x) => x.event === 'PROTEST');
    expect(e).toMatchObject({ size: { participants: 5000 }, event_loc: { country: 'SDN' } });
  });
});

describe('what is not an event', () => {
  it('a scare-quoted name and a generic threat are not events', () => {
    expect(doc('يواجه العالم تهديد تنظيم "داعش" منذ سنوات.').events.filter((e) => e.event === 'THREATEN')).toEqual([]);
  });
  it('an attack named only as the background of a past event is not coded again', () => {
    expect(doc('وكان المتهم قد أحيل إلى برنامج حكومي قبل الهجوم.').events).toEqual([]);
  });
  it('a ministry is not a visit', () => {
    expect(doc('وقالت وزارة الخارجية إنها تتابع الوضع.').events).toEqual([]);
  });
});

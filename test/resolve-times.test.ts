import { describe, expect, it } from 'vitest';
import { Pipeline, textStages } from '../src/pipeline.js';
import type { Doc } from '../src/doc.js';
import { hijriToDay, resolveTimes } from '../src/annotate/resolve-times.js';

const TUESDAY = '2019-10-22T10:00:00+03:00';
const stage = resolveTimes();
const pipeline = new Pipeline(textStages());

/** The text layer, then the stage; every span is checked against the text. */
function times(text: string, published: string | null = TUESDAY): Doc {
  const doc = pipeline.process({ raw: text, text, published });
  stage(doc);
  for (const t of doc.times) {
    expect(doc.text.slice(t.start, t.end)).toBe(t.text);
    expect(t.start).toBeLessThan(t.end);
  }
  return doc;
}
const one = (text: string, published: string | null = TUESDAY) => {
  const all = times(text, published).times;
  expect(all).toHaveLength(1);
  return all[0]!;
};
const pick = (doc: Doc, text: string) => doc.times.find((t) => t.text === text);

describe('relative expressions against the publication date', () => {
  it('resolves "امس الاثنين" as one expression to the Monday before a Tuesday', () => {
    expect(one('وجاء في بيان صدر امس الاثنين عن التحالف.')).toMatchObject({ text: 'امس الاثنين', type: 'DATE', value: '2019-10-21', anchor: 'published' });
  });
  it('resolves اليوم, أمس, أمس الأول and غداً', () => {
    const doc = times('اجتمع الوزراء اليوم بعد لقاء أمس وأمس الأول، ويغادرون غداً.');
    expect(doc.times.map((t) => [t.text, t.value])).toEqual([
      ['اليوم', '2019-10-22'], ['أمس', '2019-10-21'], ['أمس الأول', '2019-10-20'], ['غداً', '2019-10-23'],
    ]);
    expect(doc.times.every((t) => t.anchor === 'published')).toBe(true);
  });
  it('takes a bare weekday as the nearest one not after publication', () => {
    expect(one('وصل الوفد الأحد إلى بغداد.').value).toBe('2019-10-20');
    expect(one('وصل الوفد يوم الثلاثاء إلى بغداد.').value).toBe('2019-10-22');
  });
  it('resolves a weekday with الماضي and المقبلة', () => {
    const doc = times('التقى الثلاثاء الماضي وسيلتقي الجمعة المقبلة.');
    expect(pick(doc, 'الثلاثاء الماضي')?.value).toBe('2019-10-15');
    expect(pick(doc, 'الجمعة المقبلة')?.value).toBe('2019-10-25');
  });
  it('leaves a message when a weekday and أمس disagree, and keeps the weekday', () => {
    const doc = times('قال امس الأحد إن المحادثات مستمرة.');
    expect(doc.times[0]).toMatchObject({ text: 'امس الأحد', value: '2019-10-20', anchor: 'published' });
    const message = doc.messages.find((m) => m.rule === 'time-conflict');
    expect(message).toMatchObject({ start: doc.times[0]!.start, end: doc.times[0]!.end });
  });
  it('resolves the week, month and year before and after', () => {
    const doc = times('زاره الأسبوع الماضي والشهر المقبل والعام القادم.');
    expect(doc.times.map((t) => t.value)).toEqual(['2019-W42', '2019-11', '2020']);
  });
  it('keeps month precision for أواخر الشهر and year precision for هذا العام', () => {
    const doc = times('يصدر التقرير أواخر الشهر الجاري، وتنتهي الخطة هذا العام.');
    expect(doc.times.map((t) => [t.text, t.value])).toEqual([['أواخر الشهر الجاري', '2019-10'], ['هذا العام', '2019']]);
  });
  it('resolves "هذا الربيع" to the season of publication', () => {
    expect(one('سيعقد اجتماع وزاري في إيطاليا هذا الربيع.', '2019-04-02')).toMatchObject({ value: '2019-SP', anchor: 'published' });
  });
  it('takes "هذا الربيع" in the winter as the coming spring', () => {
    expect(one('سيعقد اجتماع وزاري في إيطاليا هذا الربيع.', '2020-01-28').value).toBe('2020-SP');
  });
  it('turns "قبل ثلاثة أيام" and "قبل يومين" into dates', () => {
    const doc = times('اختطف قبل ثلاثة أيام وأفرج عنه قبل يومين.');
    expect(doc.times.map((t) => [t.text, t.type, t.value])).toEqual([
      ['قبل ثلاثة أيام', 'DATE', '2019-10-19'], ['قبل يومين', 'DATE', '2019-10-20'],
    ]);
  });
  it('does not read العام in "الأمين العام الحالي" as a year', () => {
    expect(times('قال الأمين العام الحالي للحزب إن الوضع صعب.').times).toEqual([]);
  });
});

describe('without a publication date', () => {
  it('leaves relative expressions unresolved, never guessed from the clock', () => {
    const doc = times('اجتمع الوزراء امس الاثنين واليوم، وسيجتمعون الأسبوع المقبل.', null);
    expect(doc.times).toHaveLength(3);
    for (const t of doc.times) {
      expect(t.anchor).toBeNull();
      expect(t.value).not.toMatch(/^\d{4}/u);
    }
    expect(doc.times.map((t) => t.value)).toEqual(['PAST_REF', 'PRESENT_REF', 'FUTURE_REF']);
  });
  it('still resolves absolute dates', () => {
    expect(one('وقع الهجوم في 15 آذار 2024.', null)).toMatchObject({ value: '2024-03-15', anchor: null });
  });
});

describe('reported speech', () => {
  it('resolves a quoted "اجتمع اليوم" against the statement issued "امس الاثنين"', () => {
    const doc = times('وجاء في بيان صدر امس الاثنين عن التحالف: «اجتمع اليوم في كوبنهاغن المديرون السياسيون».');
    expect(doc.times.map((t) => [t.text, t.value, t.anchor])).toEqual([
      ['امس الاثنين', '2019-10-21', 'published'], ['اليوم', '2019-10-21', 'reported'],
    ]);
  });
  it('resolves a quoted أمس against an absolute statement date even without publication', () => {
    const doc = times('وقال في بيان يوم 10 مارس 2024: “وقع الانفجار أمس”.', null);
    expect(pick(doc, 'أمس')).toMatchObject({ value: '2024-03-09', anchor: 'reported' });
  });
  it('leaves اليوم outside the quotation against publication', () => {
    const doc = times('صدر امس الاثنين بيان. واجتمع المجلس اليوم.');
    expect(pick(doc, 'اليوم')).toMatchObject({ value: '2019-10-22', anchor: 'published' });
  });
});

describe('absolute dates', () => {
  it('reads "15 آذار 2024" and "15 مارس 2024" as 2024-03-15', () => {
    expect(one('وقع الهجوم في 15 آذار 2024.')).toMatchObject({ text: '15 آذار 2024', value: '2024-03-15', anchor: null });
    expect(one('وقع الهجوم في 15 مارس 2024.').value).toBe('2024-03-15');
  });
  it('reads a double month name "15 مارس/آذار 2024" as one date', () => {
    expect(one('وقع الهجوم في 15 مارس/آذار 2024.')).toMatchObject({ text: '15 مارس/آذار 2024', value: '2024-03-15' });
  });
  it('reads the Maghreb "جانفي 2017" as 2017-01', () => {
    expect(one('ارتفعت الأسعار في جانفي 2017.')).toMatchObject({ text: 'جانفي 2017', value: '2017-01' });
  });
  it('reads the Moroccan "غشت" and Levantine "كانون الثاني"', () => {
    expect(one('في 20 غشت 2018 وصل.').value).toBe('2018-08-20');
    expect(one('في 3 كانون الثاني 2020 وصل.').value).toBe('2020-01-03');
  });
  it('takes a missing year from publication', () => {
    expect(one('وصل يوم 13 أكتوبر إلى عمان.')).toMatchObject({ value: '2019-10-13', anchor: 'published' });
  });
  it('reads "في عام 2020", "عام 1990" and "في 2020" as years', () => {
    const doc = times('في عام 2020 ومنذ عام 1990 وفي 2021.');
    expect(doc.times.map((t) => t.value)).toEqual(['2020', '1990', '2021']);
    expect(pick(doc, 'عام 2020')?.anchor).toBeNull();
  });
  it('reads day-first numeric dates, ISO dates and Arabic-Indic digits', () => {
    const doc = times('في 15/3/2024 و2024-03-15 و١٥/٣/٢٠٢٤.');
    expect(doc.times.map((t) => [t.text, t.value])).toEqual([['15/3/2024', '2024-03-15'], ['2024-03-15', '2024-03-15'], ['١٥/٣/٢٠٢٤', '2024-03-15']]);
  });
  it('reads a numeric date with a year from 1300 to 1500 as Hijri, and a Gregorian one as Gregorian', () => {
    // 14 Shawwal 1439 was Thursday 28 June 2018 (Umm al-Qura).
    expect(pick(times('بنشر معايير التأهيل (الخميس) 14/10/1439، وما يصاحب ذلك'), '14/10/1439')).toMatchObject({ value: '2018-06-28', type: 'DATE' });
    expect(one('صدر القرار بتاريخ 1439/10/14 في الرياض')).toMatchObject({ text: '1439/10/14', value: '2018-06-28' });
    expect(one('صدر القرار بتاريخ 14/10/2018 في الرياض')).toMatchObject({ text: '14/10/2018', value: '2018-10-14' });
    // Not a Hijri day (month 13): no date.
    expect(times('بتاريخ 14/13/1439 في الرياض').times.filter((t) => t.text.includes('1439'))).toEqual([]);
  });

  it('converts the Hijri "25 شوال 1436 هـ" to 2015-08-10 and keeps the tatweel in the span', () => {
    expect(one('الموافق 25 شوال 1436 هـ.')).toMatchObject({ text: '25 شوال 1436 هـ', value: '2015-08-10', type: 'DATE' });
    expect(hijriToDay(1441, 1, 1)).toBe(Date.UTC(2019, 7, 31) / 86_400_000);
  });
  it('reads a season with its year', () => {
    expect(one('في ربيع 2020 يبدأ.').value).toBe('2020-SP');
  });
  it('warns when a weekday does not fall on the date given', () => {
    const doc = times('وصل الإثنين 15 مارس 2024 إلى عمان.');
    expect(doc.times[0]?.value).toBe('2024-03-15');
    expect(doc.messages.some((m) => m.rule === 'time-conflict')).toBe(true);
  });
});

describe('durations, sets and clock times', () => {
  it('reads "ثلاثة أيام", "خمس سنوات" and "48 ساعة" as durations', () => {
    const doc = times('استمر الحصار ثلاثة أيام بعد خمس سنوات من الحرب، ومهلة 48 ساعة.');
    expect(doc.times.map((t) => [t.type, t.value])).toEqual([['DURATION', 'P3D'], ['DURATION', 'P5Y'], ['DURATION', 'PT48H']]);
  });
  it('reads "كل يوم", "يوميا" and "أسبوعيا" as sets', () => {
    const doc = times('يتكرر القصف كل يوم ويقتل يوميا، ويجتمعون أسبوعيا.');
    expect(doc.times.map((t) => [t.type, t.value])).toEqual([['SET', 'P1D'], ['SET', 'P1D'], ['SET', 'P1W']]);
  });
  it('dates "الساعة 10 صباحا" with the day its sentence names', () => {
    const doc = times('وقع الانفجار في الساعة 10 صباحا امس.');
    expect(pick(doc, 'الساعة 10 صباحا')).toMatchObject({ type: 'TIME', value: '2019-10-21T10:00' });
  });
  it('reads "الساعة العاشرة مساء" without a day as an undated time', () => {
    expect(one('بدأ القصف الساعة العاشرة مساء.', null)).toMatchObject({ type: 'TIME', value: 'XXXX-XX-XXT22:00', anchor: null });
  });
});

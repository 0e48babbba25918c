/** Quotations and their speakers (find-quotes), on sentences and on the seed article. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline.js';
import { findQuotes } from '../src/annotate/find-quotes.js';
import type { Doc } from '../src/doc.js';

const pipeline = new Pipeline();
const stage = findQuotes();
const run = (t: string): Doc => {
  const d = pipeline.process({ raw: t, text: t });
  stage(d);
  return d;
};
const quotes = (t: string): Array<{ text: string; speaker: string | null }> =>
  run(t).quotes.map((q) => ({ text: q.text, speaker: q.speaker?.text ?? null }));

/** Every quote and speaker slices the text; quotes are ordered, disjoint and on one line. */
function expectValidQuotes(d: Doc): void {
  let last = 0;
  for (const q of d.quotes) {
    expect(d.text.slice(q.start, q.end)).toBe(q.text);
    expect(q.start).toBeGreaterThanOrEqual(last);
    expect(q.end).toBeGreaterThan(q.start);
    expect(q.text).not.toMatch(/[\n\r]/u);
    expect(q.text).toBe(q.text.trim());
    if (q.speaker) expect(d.text.slice(q.speaker.start, q.speaker.end)).toBe(q.speaker.text);
    last = q.end;
  }
}

describe('find-quotes on sentences', () => {
  it('attributes a quote after وشدد البيان على to البيان', () => {
    expect(quotes('وشدد البيان على “احترام القانون الدولي وحماية المدنيين تحت أي ظرف”.')).toEqual([
      { text: 'احترام القانون الدولي وحماية المدنيين تحت أي ظرف', speaker: 'البيان' },
    ]);
  });

  it('does not take a scare-quoted name (تنظيم “داعش”) for a quotation', () => {
    expect(quotes('أعلن التحالف استمرار عمله ضد تهديد تنظيم “داعش” في العالم.')).toEqual([]);
  });

  it('skips short quoted titles in «» and straight quotes', () => {
    expect(quotes('نشرت صحيفة «الشرق الأوسط» تقريرا عن برنامج "ذا فويس" أمس.')).toEqual([]);
  });

  it('keeps a short quotation after a speech verb and a colon', () => {
    expect(quotes('وقال الوزير: “لن نستسلم”.')).toEqual([{ text: 'لن نستسلم', speaker: 'الوزير' }]);
  });

  it('keeps a quotation that spans two sentences as one quote', () => {
    const q = quotes('وأوضح البيان، أن “المدراء وافقوا على التعاون. سنواصل جهودنا حتى النهاية”.');
    expect(q).toEqual([{ text: 'المدراء وافقوا على التعاون. سنواصل جهودنا حتى النهاية', speaker: 'البيان' }]);
  });

  it('reads «…» and "…" quotations', () => {
    expect(quotes('وأكد الرئيس أن «الحوار هو الطريق الوحيد للحل».')).toEqual([{ text: 'الحوار هو الطريق الوحيد للحل', speaker: 'الرئيس' }]);
    expect(quotes('وأضافت الوزيرة أن "الاتفاق سيوقع في الأسبوع المقبل".')).toEqual([{ text: 'الاتفاق سيوقع في الأسبوع المقبل', speaker: 'الوزيرة' }]);
  });

  it('finds the speaker after the quotation (“…”، قال X)', () => {
    expect(quotes('“نحن مستعدون للتفاوض في أي وقت”، قال المتحدث باسم الحكومة.')).toEqual([
      { text: 'نحن مستعدون للتفاوض في أي وقت', speaker: 'المتحدث' },
    ]);
  });

  it('gives a participle continuation (مؤكدا على “…”) the previous speaker', () => {
    const q = quotes('وقال البيان إن الاجتماع كان مثمرا، مؤكدا على “تهيئة الظروف لتحقيق نصر دائم”.');
    expect(q).toEqual([{ text: 'تهيئة الظروف لتحقيق نصر دائم', speaker: 'البيان' }]);
  });

  it('gives a verb without a subject (وتابع، “…”) the previous speaker', () => {
    const q = quotes('وأكد البيان أن العمل مستمر. وتابع، “لم يعد التنظيم يسيطر على الأراضي”.');
    expect(q).toEqual([{ text: 'لم يعد التنظيم يسيطر على الأراضي', speaker: 'البيان' }]);
  });

  it('ends an unclosed quotation at the end of its line and leaves a message', () => {
    const d = run('وقال الوزير “سنواصل العمل مع شركائنا في المنطقة\nوفي سياق آخر، عقد المجلس جلسته.');
    expect(d.quotes.map((q) => q.text)).toEqual(['سنواصل العمل مع شركائنا في المنطقة']);
    expect(d.quotes[0]!.speaker?.text).toBe('الوزير');
    expect(d.messages.some((m) => m.rule === 'quote-unclosed')).toBe(true);
    expectValidQuotes(d);
  });

  it('ignores a stray closing mark and never crosses a line', () => {
    const d = run('وشدد على أنه من المهم الحفاظ على الموارد الكافية”، لافتا إلى ذلك.\nوقال المتحدث ”كلام“ آخر» هنا «');
    expect(d.quotes).toEqual([]);
    expectValidQuotes(d);
  });

  it('ends an unclosed quotation at the next opener of the same kind', () => {
    const d = run('وقال الوزير “نحن هنا من أجل السلام وأضاف “لن نتراجع عن موقفنا أبدا”.');
    expect(d.quotes.map((q) => q.text)).toEqual(['نحن هنا من أجل السلام وأضاف', 'لن نتراجع عن موقفنا أبدا']);
    expectValidQuotes(d);
  });

  it('takes the role and the name of a minister as the speaker', () => {
    const q = quotes('وقال وزير الخارجية الدنماركي جيب كوفود إن “التحالف سيبقى موحدا ضد الإرهاب”.');
    expect(q[0]!.speaker).toMatch(/^وزير الخارجية الدنماركي/u);
  });

  it('does not throw on marks alone or an empty text', () => {
    for (const t of ['', '“', '”', '«»', '"', '“ ”', 'قال “', '„ مرحبا بكم في البيت“']) {
      const d = run(t);
      expectValidQuotes(d);
    }
    expect(quotes('„مرحبا بكم في البيت الكبير“ قال الرجل').map((q) => q.text)).toEqual(['مرحبا بكم في البيت الكبير']);
  });
});

describe('find-quotes on the seed article', () => {
  const t = readFileSync(new URL('./fixtures/coalition-copenhagen.txt', import.meta.url), 'utf8');
  const d = run(t);
  it('keeps spans exact', () => expectValidQuotes(d));
  it('finds the six quotations and not “داعش”', () => {
    expect(d.quotes).toHaveLength(6);
    expect(d.quotes.some((q) => q.text === 'داعش')).toBe(false);
  });
  it('attributes at least three quotations to البيان', () => {
    expect(d.quotes.filter((q) => q.speaker?.text === 'البيان').length).toBeGreaterThanOrEqual(3);
    expect(d.quotes.every((q) => q.speaker && /بيان/u.test(q.speaker.text))).toBe(true);
  });
  it('keeps the quotation that runs over a sentence break whole', () => {
    expect(d.quotes.some((q) => q.text.startsWith('لم يعد داعش') && q.text.includes('ومع ذلك'))).toBe(true);
  });
});

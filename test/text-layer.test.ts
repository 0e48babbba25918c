import { describe, expect, it } from 'vitest';
import { analyze, Pipeline, textStages } from '../src/pipeline.js';
import type { SourceInput } from '../src/doc.js';
import { parsePublished } from '../src/text/parse-published.js';
import { foldString, foldText, foldedToText } from '../src/text/fold.js';
import { sentenceRanges } from '../src/text/split-sentences.js';
import { htmlToText } from '../src/ingest/html-to-text.js';
import { OffsetMap } from '../src/text/offset-map.js';
import { expectValidDoc } from './helpers/invariants.js';

const input = (text: string, extra: Partial<SourceInput> = {}): SourceInput => ({ raw: text, text, ...extra });
const sentences = (text: string): string[] => sentenceRanges(text, new Set(['mr'])).map((r) => text.slice(r.start, r.end));

describe('repairs', () => {
  it('removes a broken #x200d; entity inside a word and says so', () => {
    const doc = analyze(input('هزيمة ل#x200d;داعش في العالم.'));
    expect(doc.text).toBe('هزيمة لداعش في العالم.');
    expect(doc.messages).toEqual([expect.objectContaining({ rule: 'html-entity', start: 7, end: 7 })]);
  });
  it('decodes double-escaped and semicolon-less entities', () => {
    const doc = analyze(input('قال &amp;quot;نعم&amp;quot; و&nbspلا &lt;b&gt;'));
    expect(doc.text).toBe('قال "نعم" و لا <b>');
    expect(doc.messages.filter((m) => m.rule === 'html-entity')).toHaveLength(5);
  });
  it('leaves hashtags and numbers with # alone', () => {
    expect(analyze(input('#عاجل رقم #5 و #2254')).text).toBe('#عاجل رقم #5 و #2254');
  });
  it('removes zero-width and bidi controls, BOM and tatweel, one message per run', () => {
    const doc = analyze(input('\uFEFFالعـــراق\u200f \u202bسوريا\u202c\u2067x\u2069'));
    expect(doc.text).toBe('العراق سورياx');
    expect(doc.messages.map((m) => m.rule).sort()).toEqual(['invisible-char', 'invisible-char', 'invisible-char', 'invisible-char', 'invisible-char', 'invisible-char', 'tatweel']);
  });
  it('turns presentation forms into base letters', () => {
    expect(analyze(input('ﻻ ﺑﻐﺪاد')).text).toBe('لا بغداد');
  });
  it('collapses whitespace runs and blank lines and trims lines', () => {
    const doc = analyze(input('  أولا\u00a0\u00a0 ثانيا \r\n\r\n\n  ثالثا  '));
    expect(doc.text).toBe('أولا ثانيا\nثالثا');
    expect(doc.messages.some((m) => m.rule === 'whitespace')).toBe(true);
  });
  it('replaces lone surrogates', () => {
    expect(analyze(input('a\ud800b')).text).toBe('a\ufffdb');
  });
  it('keeps message offsets true through later edits', () => {
    const doc = analyze(input('  نص   ل#x200d;داعش   آخر'));
    const m = doc.messages.find((x) => x.rule === 'html-entity')!;
    expect(doc.text.slice(0, m.start)).toBe('نص ل');
  });
});

describe('boilerplate', () => {
  it('drops a trailing share button line', () => {
    const doc = analyze(input('خبر مهم.\nمشاركة :'));
    expect(doc.text).toBe('خبر مهم.');
    expect(doc.messages).toEqual([expect.objectContaining({ rule: 'boilerplate' })]);
  });
  it('keeps a news sentence that starts with شارك', () => {
    expect(analyze(input('خبر.\nشارك الرئيس في القمة.')).text).toBe('خبر.\nشارك الرئيس في القمة.');
  });
});

describe('header', () => {
  it('splits a headline glued to its outlet and marker', () => {
    const doc = analyze(input('الوزير يزور بغداد اليوم : الصباح الجديد – متابعة: وصل الوزير.'));
    expect(doc.title).toBe('الوزير يزور بغداد اليوم');
    expect(doc.source).toBe('الصباح الجديد');
    expect(doc.text).toBe('الوزير يزور بغداد اليوم\nوصل الوزير.');
  });
  it('makes a given title the first line of the text', () => {
    const doc = analyze(input('وصل الوزير.', { title: 'زيارة' }));
    expect(doc.text).toBe('زيارة\nوصل الوزير.');
    expect(doc.sentences.map((s) => doc.text.slice(s.start, s.end))).toEqual(['زيارة', 'وصل الوزير.']);
  });
  it('reads a Reuters-style dateline', () => {
    const doc = analyze(input('بيروت (رويترز) - قال مسؤول إن الاجتماع انتهى.', { title: 'عنوان' }));
    expect(doc.dateline?.place?.text).toBe('بيروت');
    expect(doc.dateline?.credit?.text).toBe('رويترز');
  });
  it('reads "CITY - OUTLET:" and the reversed "OUTLET – CITY:"', () => {
    const a = analyze(input('بغداد - الصباح الجديد: أعلنت الحكومة.', { title: 'عنوان' }));
    expect([a.dateline?.place?.text, a.dateline?.credit?.text]).toEqual(['بغداد', 'الصباح الجديد']);
    const b = analyze(input('سبق – أبها: أقام النادي أمسية.', { title: 'عنوان' }));
    expect([b.dateline?.place?.text, b.dateline?.credit?.text]).toEqual(['أبها', 'سبق']);
  });
  it('tells a byline from a dateline place with the gazetteer', () => {
    const a = analyze(input('سلوى سعد – متابعات\nكشفت الصحف عن السر.', { title: 'عنوان' }));
    expect([a.dateline?.place, a.dateline?.credit?.text]).toEqual([null, 'سلوى سعد']);
    const b = analyze(input('ناصر الطميحي ـ جدة\nأجرى الفريق تدريباته.', { title: 'عنوان' }));
    expect([b.dateline?.place?.text, b.dateline?.credit?.text]).toEqual(['جدة', 'ناصر الطميحي']);
  });
  it('reads a dated agency dateline line', () => {
    const doc = analyze(input('الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس\nقام الأمين العام بزيارة.', { title: 'عنوان' }));
    expect([doc.dateline?.place?.text, doc.dateline?.credit?.text]).toEqual(['الرياض', 'واس']);
  });
  it('takes a short unpunctuated first line as the title', () => {
    expect(analyze(input('عنوان الخبر\nنص الخبر.')).title).toBe('عنوان الخبر');
    expect(analyze(input('جملة كاملة.\nنص الخبر.')).title).toBeNull();
  });
});

describe('sentences', () => {
  it('splits a sentence at ؟ ! ؛ and .', () => {
    expect(sentences('هل جاء؟ نعم! ثم ذهب؛ وانتهى.')).toEqual(['هل جاء؟', 'نعم!', 'ثم ذهب؛', 'وانتهى.']);
  });
  it('splits at line breaks', () => {
    expect(sentences('سطر أول\nسطر ثان')).toEqual(['سطر أول', 'سطر ثان']);
  });
  it('does not split inside numbers, domains, after initials or abbreviations', () => {
    expect(sentences('نما 2.5 بالمئة حسب العربية.نت اليوم.')).toHaveLength(1);
    expect(sentences('قال د. محمد علي إن Mr. Smith وصل.')).toHaveLength(1);
    expect(sentences('1. البند الأول')).toHaveLength(1);
  });
  it('splits after a number that ends a sentence', () => {
    expect(sentences('القرار رقم 2254. وقال الوزير')).toEqual(['القرار رقم 2254.', 'وقال الوزير']);
  });
  it('keeps closing quotes with their sentence and splits a quotation of two sentences in two', () => {
    expect(sentences('وتابع، “لم يعد داعش يسيطر. ومع ذلك يقوم بالتكيف”. ثم انتهى')).toEqual(['وتابع، “لم يعد داعش يسيطر.', 'ومع ذلك يقوم بالتكيف”.', 'ثم انتهى']);
  });
  it('does not split at an ellipsis pause or inside brackets', () => {
    expect(sentences('الأسد: العملية ستستمر.. ودخول قوات شعبية. ثم')).toEqual(['الأسد: العملية ستستمر.. ودخول قوات شعبية.', 'ثم']);
    expect(sentences('كانت تصرخ (وش اسمك؟!) رغم أن اسمه معروف. ثم')).toEqual(['كانت تصرخ (وش اسمك؟!) رغم أن اسمه معروف.', 'ثم']);
    expect(sentences('في الحشود (...) أدت إلى اعتقال')).toHaveLength(1);
    expect(sentences('انتهى الأمر (...). ثم بدأ')).toEqual(['انتهى الأمر (...).', 'ثم بدأ']);
  });
  it('keeps a tatweel that carries meaning and drops a decorative one', () => {
    expect(analyze(input('إنــه بـ5.5 مليون في الـ 21 من 1436هـ لـ«النصرة» ناصر ـ جدة')).text).toBe('إنه بـ5.5 مليون في الـ 21 من 1436هـ لـ«النصرة» ناصر ـ جدة');
  });
  it('stays sane with unbalanced quotes', () => {
    expect(sentences('قال ”نعم. لا“ “ثم. ذهب')).toEqual(['قال ”نعم.', 'لا“ “ثم.', 'ذهب']);
  });
});

describe('tokens and folding', () => {
  it('tokenizes words, numbers with Arabic-Indic digits and punctuation', () => {
    const doc = new Pipeline().process(input('قتل ٣٢ شخصا، و2.5 مليون.'));
    expect(doc.tokens.map((t) => [doc.text.slice(t.start, t.end), t.kind, t.norm])).toEqual([
      ['قتل', 'word', 'قتل'], ['٣٢', 'number', '32'], ['شخصا', 'word', 'شخصا'], ['،', 'punct', '،'],
      ['و', 'word', 'و'], ['2.5', 'number', '2.5'], ['مليون', 'word', 'مليون'], ['.', 'punct', '.'],
    ]);
  });
  it('gives a word its clitic parts relative to the token', () => {
    const doc = new Pipeline().process(input('ذهب وبالعراق'));
    const t = doc.tokens[1]!;
    expect(t.parts?.map((p) => [doc.text.slice(t.start + p.start, t.start + p.end), p.kind])).toEqual([['و', 'conj'], ['ب', 'prep'], ['ال', 'article'], ['عراق', 'stem']]);
    expect(doc.tokens[0]!.parts).toBeUndefined();
  });
  it('keeps Latin words with their digits', () => {
    const doc = new Pipeline().process(input('قمة G20 في 2018'));
    expect(doc.tokens.map((t) => doc.text.slice(t.start, t.end))).toEqual(['قمة', 'G20', 'في', '2018']);
  });
  it('folds hamza forms, ta marbuta, alef maqsura, tashkeel and Persian letters', () => {
    expect(foldString('أَحْمَد إلى مدرسةٍ آل ٱلقرى گ ک ی ٢٠٢٠')).toBe('احمد الي مدرسه ال القري ك ك ي 2020');
  });
  it('maps folded ranges back to the text', () => {
    const text = 'ذهبَ إِلى بغداد';
    const f = foldText(text);
    const at = f.text.indexOf('بغداد');
    const r = foldedToText(f, at, at + 5);
    expect(text.slice(r.start, r.end)).toBe('بغداد');
  });
});

describe('offset map', () => {
  it('maps through composed edits to the original', () => {
    const original = 'ab&amp;cd  ef';
    let map = OffsetMap.identity(original.length);
    map = map.compose([{ start: 2, end: 7, insert: '&' }]); // ab&cd  ef
    map = map.compose([{ start: 5, end: 7, insert: ' ' }]); // ab&cd ef
    expect(map.toSource(0)).toBe(0);
    expect(map.toSource(2)).toBe(2);
    expect(map.toSource(3, 'end')).toBe(7);
    expect(map.toSource(3)).toBe(7);
    expect(map.toSource(6)).toBe(11);
    expect(map.toSource(8, 'end')).toBe(13);
  });
  it('keeps the document origin pointing into the assembled input text', () => {
    const doc = new Pipeline().process(input('  نص ل#x200d;داعش  '));
    const i = doc.text.indexOf('داعش');
    expect(doc.input.text.slice(doc.origin.toSource(i), doc.origin.toSource(i + 4, 'end'))).toBe('داعش');
  });
});

describe('metadata', () => {
  it('reads RFC 822 with its offset', () => {
    expect(parsePublished('Sun, 18 Feb 2018 21:35:43 +0400')).toBe('2018-02-18T21:35:43+04:00');
    expect(parsePublished('Wed, 12 Sep 2018 12:36:03 GMT')).toBe('2018-09-12T12:36:03+00:00');
  });
  it('reads ISO forms and day-first dates, and rejects impossible ones', () => {
    expect(parsePublished('2017-01-20T21:43:00+01:00')).toBe('2017-01-20T21:43:00+01:00');
    expect(parsePublished('2015-08-10 19:24:34')).toBe('2015-08-10T19:24:34');
    expect(parsePublished('24/05/2017')).toBe('2017-05-24');
    expect(parsePublished('2018-02-30')).toBeNull();
    expect(parsePublished('yesterday')).toBeNull();
  });
  it('keeps the id when the cleaner changes but the input does not', () => {
    const a = analyze(input('خبر.'));
    const b = new Pipeline([]).run(input('خبر.'));
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
  });
  it('leaves a message for an unreadable publication date', () => {
    const doc = analyze(input('خبر.', { published: 'غدا' }));
    expect(doc.published).toBeNull();
    expect(doc.messages.some((m) => m.rule === 'published')).toBe(true);
  });
});

describe('html', () => {
  it('keeps paragraphs and drops script, style, nav, aside and footer', () => {
    const page = htmlToText(`<html><head><title>t</title><meta property="og:site_name" content="العربية"><meta property="article:published_time" content="2018-02-18T10:00:00+03:00"><style>p{}</style></head>
      <body><nav>الرئيسية</nav><h1>العنوان</h1><p>فقرة &amp; أولى
      مستمرة.</p><script>alert(1)</script><p>فقرة ثانية.</p><aside>اقرأ</aside><footer>حقوق</footer></body></html>`);
    expect(page.text).toBe('العنوان\nفقرة & أولى مستمرة.\nفقرة ثانية.');
    expect(page).toMatchObject({ title: 'العنوان', source: 'العربية', published: '2018-02-18T10:00:00+03:00' });
  });
});

describe('contract', () => {
  it('gives a schema-valid document whose annotation lists the text layer leaves empty', () => {
    const doc = new Pipeline(textStages()).run(input('عنوان\nقال الوزير إن “الاجتماع انتهى”.', { published: 'Sun, 18 Feb 2018 21:35:43 +0400', source: 'x', url: 'http://x' }));
    expectValidDoc(doc);
    expect(doc).toMatchObject({ schema: 'marsad.doc/1', published: '2018-02-18T21:35:43+04:00', entities: [], times: [], quotes: [], events: [] });
    const full = analyze(input('عنوان\nقال الوزير إن “الاجتماع انتهى”.', { published: 'Sun, 18 Feb 2018 21:35:43 +0400' }));
    expectValidDoc(full);
    expect(full.quotes).toEqual([expect.objectContaining({ text: 'الاجتماع انتهى' })]);
  });
});

describe('titles', () => {
  it('never removes a given title as boilerplate', () => {
    const doc = analyze(input('نص الخبر.', { title: 'اقرأ أيضا' }));
    expect(doc.title).toBe('اقرأ أيضا');
    expect(doc.text).toBe('اقرأ أيضا\nنص الخبر.');
  });
  it('ignores a title without letters or digits', () => {
    const doc = analyze(input('نص الخبر.', { title: '\u202e \u200d' }));
    expect(doc.text).toBe('نص الخبر.');
  });
});

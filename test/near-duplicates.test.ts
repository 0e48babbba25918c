import { describe, expect, it } from 'vitest';
import {
  contentHash, estimateSimilarity, LSH_BANDS, lshBands, minhashSignature, NEAR_DUPLICATE_THRESHOLD, SIGNATURE_SIZE,
} from '../src/ingest/near-duplicates.js';

// A made-up wire story (not from any outlet), another outlet's copy of it, and another report on the same topic.
const STORY = 'أعلنت وزارة الصحة أمس إطلاق حملة وطنية للتطعيم ضد الحصبة تستهدف أكثر من مليوني طفل في مختلف مناطق '
  + 'المملكة، وتستمر ثلاثة أسابيع. وأوضح المتحدث الرسمي باسم الوزارة أن فرق التطعيم ستعمل في المراكز الصحية '
  + 'والمدارس والأسواق، وأن الحملة تشمل الأطفال من عمر تسعة أشهر حتى ثمانية عشر عاما. وأضاف أن الوزارة جهزت أكثر '
  + 'من ألف وخمسمائة فريق ميداني، ودعا أولياء الأمور إلى مراجعة أقرب مركز صحي والتأكد من اكتمال جرعات أطفالهم. '
  + 'وأشار إلى أن الحملة تأتي بعد رصد حالات متفرقة في عدد من المحافظات خلال الأشهر الماضية، مؤكدا أن الوضع '
  + 'الصحي مطمئن وأن اللقاح آمن ومجاني. وبين أن الوزارة ستنشر تقارير يومية عن سير الحملة على موقعها الإلكتروني '
  + 'وحساباتها في مواقع التواصل الاجتماعي.';

// Another outlet's header and footer, three words changed (أمس → اليوم, وأوضح → وقال, جهزت → أعدت), tashkeel.
const COPY = 'الرياض - واس:\n' + STORY.replace('أمس', 'اليوم').replace('وأوضح', 'وقال').replace('جهزت', 'أعدّت')
  .replace('الحصبة', 'الحَصبة') + '\nرابط الخبر بصحيفة الوئام: الصحة تطلق حملة للتطعيم ضد الحصبة';

const SAME_TOPIC = 'سجلت مديرية الشؤون الصحية في المنطقة الشرقية خمس إصابات جديدة بالحصبة بين طلاب إحدى المدارس '
  + 'الابتدائية، ونقل المصابون إلى المستشفى لتلقي العلاج. وقال مدير المديرية إن فرق الرصد الوبائي بدأت تتبع '
  + 'المخالطين وتطعيم من لم يستكمل جرعاته، مشيرا إلى أن حالة المصابين مستقرة. ودعا الأهالي إلى عدم القلق والالتزام '
  + 'بتعليمات الوقاية، وإبلاغ أقرب مركز صحي عند ظهور الأعراض مثل الحمى والطفح الجلدي. وكانت وزارة الصحة قد حذرت '
  + 'الشهر الماضي من ارتفاع عدد الإصابات في بعض الدول المجاورة، ودعت إلى استكمال جرعات التطعيم ضد الحصبة.';

const similarity = (a: string, b: string): number => estimateSimilarity(minhashSignature(a), minhashSignature(b));

describe('minhashSignature', () => {
  it('has 128 hashes and gives identical texts similarity 1', () => {
    expect(minhashSignature(STORY)).toHaveLength(SIGNATURE_SIZE);
    expect(similarity(STORY, STORY)).toBe(1);
  });

  it('keeps another outlet\'s copy with a few changed words above the threshold', () => {
    const s = similarity(STORY, COPY);
    expect(s).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
    expect(s).toBeLessThan(1);
  });

  it('keeps another report on the same topic below the threshold', () => {
    expect(similarity(STORY, SAME_TOPIC)).toBeLessThan(NEAR_DUPLICATE_THRESHOLD);
  });

  it('ignores punctuation, digits-only tokens, tashkeel, hamza and case', () => {
    const a = 'أعلن الرئيس في 2015 عن خطة جديدة، للتنمية! The Plan يبدأ تنفيذها غدا';
    const b = 'اعلن الرئيسُ في ٢٠١٦ عن خطة جديدة للتنمية - the plan... يبدأ تنفيذها غدا';
    expect(similarity(a, b)).toBe(1);
  });

  it('is stable across processes and machines (fixed seeds)', () => {
    const sig = minhashSignature(STORY);
    expect(Array.from(sig.subarray(0, 4))).toEqual([18904811, 51703964, 18880599, 17000698]);
    expect(minhashSignature(STORY)).toEqual(sig);
  });

  it('signs a text of fewer words than a shingle, and matches nothing for a text without words', () => {
    expect(similarity('الحصبة', 'الحصبة')).toBe(1);
    expect(similarity('الحصبة', 'الكوليرا')).toBe(0);
    const empty = minhashSignature('  ، 123 !');
    expect(Array.from(empty).every((v) => v === 0xffffffff)).toBe(true);
    expect(estimateSimilarity(empty, minhashSignature(''))).toBe(0);
    expect(lshBands(empty)).toEqual([]);
  });
});

describe('estimateSimilarity', () => {
  it('is the fraction of equal positions and rejects signatures of different sizes', () => {
    const a = new Uint32Array(128).fill(7);
    const b = a.slice();
    b.fill(9, 0, 32);
    expect(estimateSimilarity(a, b)).toBe(0.75);
    expect(() => estimateSimilarity(a, new Uint32Array(64))).toThrow(/differ in size/);
  });
});

describe('lshBands', () => {
  it('gives one key per band in the bNN:hash form', () => {
    const bands = lshBands(minhashSignature(STORY));
    expect(bands).toHaveLength(LSH_BANDS);
    expect(bands.every((k) => /^b\d{2}:[0-9a-f]{16}$/.test(k))).toBe(true);
    expect(new Set(bands.map((k) => k.slice(0, 3))).size).toBe(LSH_BANDS);
    expect(lshBands(minhashSignature(STORY))).toEqual(bands);
  });

  it('makes near-duplicates share a band and a report on the same topic share none', () => {
    const story = new Set(lshBands(minhashSignature(STORY)));
    expect(lshBands(minhashSignature(COPY)).some((k) => story.has(k))).toBe(true);
    expect(lshBands(minhashSignature(SAME_TOPIC)).some((k) => story.has(k))).toBe(false);
  });

  it('rejects a signature of the wrong size', () => {
    expect(() => lshBands(new Uint32Array(10))).toThrow(/128-hash/);
  });
});

describe('contentHash', () => {
  const title = 'وزارة الصحة تطلق حملة للتطعيم';

  it('is the same under tashkeel, hamza and alef variants and whitespace', () => {
    const a = contentHash(title, 'قال مسؤول في الوزارة إن الحملة\nستبدأ يوم الأحد.');
    const b = contentHash(' وزارةُ الصحة  تطلق حملةً للتطعيم ', 'قال مسئول في الوزارة ان الحملة   ستبدأ يوم الاحد.\n');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it('changes with the words of the title or the text', () => {
    const a = contentHash(title, 'ستبدأ الحملة يوم الأحد.');
    expect(contentHash(title, 'ستبدأ الحملة يوم الاثنين.')).not.toBe(a);
    expect(contentHash('وزارة الصحة تؤجل حملة للتطعيم', 'ستبدأ الحملة يوم الأحد.')).not.toBe(a);
    // The title and text are kept apart: moving a word across them is another article.
    expect(contentHash('وزارة الصحة', 'تطلق حملة')).not.toBe(contentHash('وزارة', 'الصحة تطلق حملة'));
    expect(contentHash(null, 'نص')).toBe(contentHash('', 'نص'));
  });
});

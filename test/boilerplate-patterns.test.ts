import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The boilerplate patterns, read the way the stage reads them: anchored, flag `u`. */
interface Pattern { id: string; where: 'line' | 'last' | 'tail' | 'inline'; pattern: string; reason: string; examples?: string[] }
const model = JSON.parse(readFileSync(new URL('../model/boilerplate.json', import.meta.url), 'utf8')) as {
  version: number;
  license: string;
  patterns: Pattern[];
};
const compiled = model.patterns.map((p) => ({ p, re: new RegExp(`^(?:${p.pattern})$`, 'u') }));

/**
 * Real lines from the corpora (ANT jawharafm + multisource, SaudiNewsNet) that are content: verbs like
 * شارك/تابع, المصدر as a noun, headings and sign-offs that look like widgets but are not. None may match.
 */
const NEWS_LINES = [
  "شارك الآلاف من الفلسطينيين، اليوم الأحد، في احتفالات إحياء ذكرى المولد النبوي الشريف داخل المسجد الأقصى في مدينة القدس.",
  "شارك الدولي التونسي و لاعب فالنسيا الإسباني أيمن عبد النور في حملة لمحاربة العنصرية بكل أشكالها نظمها فريقه في إطار اليوم العالمي للرياضة و التنمية و السلام .",
  "وشارك في المؤتمر نحو 40 دولة وعشر منظمات دولية.",
  "وشارك العديد من الوزراء والشخصيات السياسية من الجانبين في الحفل.",
  "ويشارك \"الأخضر\" في المجموعة الأولى إلى جانب روسيا ومصر وأوروغواي.",
  "بريطانيا تشارك بأربع مقاتلات تورنادو",
  "ثم شارك عدد من الحضور بمداخلات عن فعاليات وبرامج المهرجانات .",
  "و شارك العقاد بوصف رضوى بقوله:",
  "مسابقات شارك فيها الجميع",
  "محمد صلاح سيشارك أم لا؟",
  "المشاركة الأولى: البرازيل توقف تقدم فرنسا في 1958",
  "تابع قائد المنتخب الأرجنتيني ليونيل ميسي، خسارة التانغو المذلة من الإسباني بستة أهداف لهدف وديا اليوم من مدرجات ملعب \"واندا ميتروبوليتانو\".",
  "وتابع بلحاج \"مرزوق تسرّع عند مغادرة الحزب وأنا تسرّعت وأخطأت عندما دخلت في صدام معه واعتبرته خصما سياسيا\".",
  "تابع الحفل سعادة محافظ الرس -وفقه الله - وبرعاية الغرفة التجارية والتي لها قدم سبق في مثل هذه المناسبات.",
  "وأضاف المصدر نفسه أنه تم إيقاف شخص من أجل مزيد البحث والتحري.",
  "وأفاد ذات المصدر أن المتوفيين هم 3 مواطنين وعوني ديوانة حسب مصدر من المستشفى.",
  "ونقلاً عن رويترز فإن مسؤول سياسي كردي أشار إلى أن روسيا ربما تعارض الاتفاق لأنه يعقد جهودها الدبلوماسية مع تركيا.",
  "مشاركة الشباب",
  "مشاركة ضعيفة",
  "تعليق الاختبارات النووية",
  "تعليق دعوى الممثلة الإباحية ستورمي دانيلز ضد محامي ترامب",
  "وتعليقا على الاتفاق مع اليونان قالت ميركل في مؤتمر صحفي \"من الجيد أننا خرجنا بنتيجة\".",
  "حقوق المرأة في المغرب",
  "حقوق الإنسان توضح حقوق المقيم",
  "للمزيد من المعلومات: www.stanfords.co.uk",
  "المزيد من المخاطر",
  "المزيد من المعاناة",
  "شاهد آلاف الأشخاص فيلما نشرته الشركة الموزعة له في الولايات المتحدة كاملا على يوتيوب قبل تدارك الخطأ.",
  "أعجبني أحدهم – وهو على فكرة من الناس (اللي بايعنها) – وذلك عندما سأله أحدهم في مجلس عامر قائلا: يا فلان، هل أنت من التيار السلفي، أم من التيار (الليبرالي) ؟!",
  "جميع أطياف الشعب تقف صفاً واحداً ضد الإرهاب وخلف القيادة الرشيدة",
  "وتتمثّل صورة الحادث، وفق مراسل الجوهرة اف ام بالجهة، في اصطدام سيارة خفيفة بشاحنة.",
  "وقد أعد مرسوم ملكي بذلك.",
  "السطر الأخير :",
  "عين اليوم – الرياض",
  "حفظ الله خادم الحرمين الشريفين في سفره وإقامته.",
  "الترتيب :",
  "يذكر أن عبد الرحمان الحاج علي، أصيل ولاية المنستير ومتحصل على إجازة في اللغة العربية والآداب.",
  "وأوضح المصدر ذاته أن الفريق الكتالوني يطمح إلى تحقيق لقب كأس ديل ري للمرة الرابعة على التوالي، في حال فاز مساء اليوم على إشبيلية.",
  "وقال المصدر: إن هذه خلية «جديدة وتم الكشف عنها نتيجة الجهود الأمنية الاستباقية».",
  "وتابعت: \"ونؤكد أننا برغم حرق الخيام والإطارات مستمرون في مسيرة العودة حتى تحقيق أهدافنا\".",
  "وتابع قائلا \"نجدد دعوتنا لتكثيف التعاون الدولي لمكافحة الإرهاب\".",
  "وشاركت السيدة الأولى في لعبة كرات البولز، واستمتعت باللعب رغم حذائها ذي الكعب العالي.",
  "وتابع قائلا: \"على حد علمي أعرف حالة واحدة اعتقل فيها شخص بسبب هذه البندقية وكان رجلا في اليابان وكان هذا الشخص فضوليا بشأن صناعتها\".",
];

describe('model/boilerplate.json', () => {
  it('is version 1 with unique ids and a known place for every pattern', () => {
    expect(model.version).toBe(1);
    expect(model.license).toBe('Apache-2.0');
    const ids = model.patterns.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of model.patterns) expect(['line', 'last', 'tail', 'inline']).toContain(p.where);
  });

  it('gives every pattern at least one example', () => {
    for (const p of model.patterns) expect(p.examples?.length ?? 0, p.id).toBeGreaterThan(0);
  });

  for (const { p, re } of compiled) {
    it(`${p.id} matches each of its examples`, () => {
      for (const example of p.examples ?? []) expect(re.test(example), `${p.id}: ${example}`).toBe(true);
    });
  }

  it('matches none of the news lines', () => {
    expect(NEWS_LINES.length).toBeGreaterThanOrEqual(30);
    for (const line of NEWS_LINES) {
      const hit = compiled.find(({ re }) => re.test(line));
      expect(hit?.p.id, line).toBeUndefined();
    }
  });

  it('keeps a sentence that starts with the verb شارك but drops the bare share button', () => {
    const share = compiled.find(({ p }) => p.id === 'share-button')!.re;
    expect(share.test('شارك')).toBe(true);
    expect(share.test('شارك الرئيس في القمة')).toBe(false);
  });
});

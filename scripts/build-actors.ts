/**
 * Build the actors and persons knowledge base for the entity tagger/linker:
 *   model/kb/actors.json       named actors (IGOs, coalitions, NGOs, armed groups, parties, named state bodies)
 *                              and state institutions generated from a portfolio × country table;
 *   model/kb/roles.json        person roles (وزير الخارجية, ولي العهد …) with their PLOVER sector;
 *   model/kb/person-names.json first/last names and person-name tokens, common words removed.
 *
 * Sources (../shared/data): the ANT multisource corpus (Apache-2.0; counts only) to rank and check names;
 * lexicons/arabic_names_akhateeb (MIT) and lexicons/wikidata_person_name_tokens (CC0) for names;
 * lexicons/stopwords/stopwords-iso_ar.txt (MIT); gazetteer/countries_ar.json for English country names.
 * PLOVER sector codes follow events/plover/PLOVER_MANUAL.tex and events/ngec/PLOVER_agents.txt (MIT);
 * events/petrarch_ar/actor_dict_ar_v4.txt (MIT) was read as reference for sectors. Actor names and aliases
 * are written by hand below (ordinary spelling; hamza/ة/ى and g-letter variants are generated at load).
 *
 * Deterministic: same inputs, same bytes. Run: node --import tsx scripts/build-actors.ts
 */
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { KbEntry, KbFile } from '../src/lexicon/kb-types.js';
import { nameKey } from '../src/lexicon/variants.js';
import { foldString } from '../src/text/fold.js';

const SHARED = new URL('../../shared/data/', import.meta.url);
const CORPUS = new URL('corpus/ant_multisource_v2.1.jsonl.gz', SHARED);
const COUNTRIES = new URL('gazetteer/countries_ar.json', SHARED);
const STOPWORDS = new URL('lexicons/stopwords/stopwords-iso_ar.txt', SHARED);
const AKHATEEB = new URL('lexicons/arabic_names_akhateeb/', SHARED);
const WD_TOKENS = new URL('lexicons/wikidata_person_name_tokens/wd_arabic_name_tokens.tsv', SHARED);
const OUT = new URL('../model/kb/', import.meta.url);

/** How many countries get generated institutions (the most frequent in the corpus, by nisba mentions). */
const INSTITUTION_COUNTRIES = 60;
/** Corpus words this frequent are common words unless the name whitelist says otherwise. */
const COMMON_RANK = 3000;
/**
 * A token seen with the article this often (relative to bare) is a common noun or adjective: الجيب 0.51,
 * الأمل 0.57. Lower would cost names whose ال-form is a family name (التامر 0.24, الرضا 0.21, الحسين 0.19).
 */
const ARTICLE_RATIO = 0.3;
/** A token seen at least this often in the corpus must also sit next to names this often to count as a name. */
const CONTEXT_MIN_COUNT = 30;
/** An ال-token whose bare form is seen this often (relative to it) is an adjective or noun: المصري ← مصري. */
const BARE_RATIO = 0.1;
const CONTEXT_MIN_RATIO = 0.1;

// ---------------------------------------------------------------------------------------------------------
// Hand-curated tables (everything in this block is by hand; everything else is derived)
// ---------------------------------------------------------------------------------------------------------

/** A hand-listed actor: `wd` only where the Wikidata id is known for sure. Aliases separated by `|`. */
interface Actor {
  slug: string;
  wd?: string;
  en: string;
  subtype: string;
  country: string | null;
  sector: string;
  ar: string;
}

const igo = (slug: string, en: string, ar: string, wd?: string): Actor => ({
  slug,
  en,
  ar,
  subtype: 'IGO',
  country: 'IGO',
  sector: 'IGO',
  ...(wd === undefined ? {} : { wd }),
});
const ngo = (slug: string, en: string, country: string | null, ar: string, wd?: string): Actor => ({
  slug,
  en,
  ar,
  subtype: 'NGO',
  country,
  sector: 'NGO',
  ...(wd === undefined ? {} : { wd }),
});
const group = (slug: string, en: string, country: string | null, sector: string, ar: string, wd?: string): Actor => ({
  slug,
  en,
  ar,
  subtype: 'ARMED_GROUP',
  country,
  sector,
  ...(wd === undefined ? {} : { wd }),
});
const org = (
  slug: string,
  en: string,
  subtype: string,
  country: string | null,
  sector: string,
  ar: string,
  wd?: string,
): Actor => ({ slug, en, ar, subtype, country, sector, ...(wd === undefined ? {} : { wd }) });

const ACTORS: Actor[] = [
  // --- United Nations system ---
  igo('un', 'United Nations', 'الأمم المتحدة|المنظمة الدولية|منظمة الأمم المتحدة|المنظمة الأممية', 'Q1065'),
  igo(
    'un-security-council',
    'United Nations Security Council',
    'مجلس الأمن|مجلس الأمن الدولي|مجلس الأمن التابع للأمم المتحدة|مجلس الأمن الدولي التابع للأمم المتحدة|مجلس الأمن الأممي',
    'Q37470',
  ),
  igo('un-general-assembly', 'United Nations General Assembly', 'الجمعية العامة للأمم المتحدة|الجمعية العامة|الجمعية العامة الأممية', 'Q47423'),
  igo('un-secretariat', 'United Nations Secretariat', 'الأمانة العامة للأمم المتحدة'),
  igo(
    'unhcr',
    'UNHCR',
    'المفوضية السامية للأمم المتحدة لشؤون اللاجئين|المفوضية السامية لشؤون اللاجئين|مفوضية الأمم المتحدة لشؤون اللاجئين|مفوضية اللاجئين|مفوضية الأمم المتحدة السامية لشؤون اللاجئين',
  ),
  igo('unicef', 'UNICEF', 'منظمة الأمم المتحدة للطفولة|اليونيسف|يونيسف|اليونيسيف|صندوق الأمم المتحدة للطفولة|منظمة اليونيسف', 'Q740308'),
  igo('who', 'World Health Organization', 'منظمة الصحة العالمية', 'Q7817'),
  igo('wfp', 'World Food Programme', 'برنامج الأغذية العالمي|برنامج الغذاء العالمي|برنامج الأغذية العالمي التابع للأمم المتحدة'),
  igo('iaea', 'International Atomic Energy Agency', 'الوكالة الدولية للطاقة الذرية|وكالة الطاقة الذرية|الوكالة الذرية'),
  igo(
    'ocha',
    'UN Office for the Coordination of Humanitarian Affairs',
    'مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية|مكتب تنسيق الشؤون الإنسانية|أوتشا|مكتب الأمم المتحدة للشؤون الإنسانية',
  ),
  igo(
    'unrwa',
    'UNRWA',
    'الأونروا|أونروا|وكالة الأمم المتحدة لإغاثة وتشغيل اللاجئين الفلسطينيين|وكالة غوث وتشغيل اللاجئين الفلسطينيين|وكالة الغوث|وكالة غوث وتشغيل اللاجئين',
  ),
  igo('un-human-rights-council', 'United Nations Human Rights Council', 'مجلس حقوق الإنسان|مجلس حقوق الإنسان التابع للأمم المتحدة|مجلس حقوق الإنسان الأممي'),
  igo(
    'ohchr',
    'Office of the UN High Commissioner for Human Rights',
    'المفوضية السامية لحقوق الإنسان|مفوضية الأمم المتحدة لحقوق الإنسان|المفوضية السامية للأمم المتحدة لحقوق الإنسان|مكتب حقوق الإنسان التابع للأمم المتحدة',
  ),
  igo('undp', 'United Nations Development Programme', 'برنامج الأمم المتحدة الإنمائي'),
  igo('unesco', 'UNESCO', 'منظمة الأمم المتحدة للتربية والعلم والثقافة|اليونسكو|يونسكو|منظمة اليونسكو', 'Q7809'),
  igo('iom', 'International Organization for Migration', 'المنظمة الدولية للهجرة'),
  igo('unifil', 'UNIFIL', 'قوات الأمم المتحدة المؤقتة في لبنان|اليونيفيل|يونيفيل|قوات اليونيفيل'),
  igo('unsmil', 'United Nations Support Mission in Libya', 'بعثة الأمم المتحدة للدعم في ليبيا|البعثة الأممية في ليبيا|بعثة الأمم المتحدة في ليبيا'),
  igo('opcw', 'Organisation for the Prohibition of Chemical Weapons', 'منظمة حظر الأسلحة الكيميائية|منظمة حظر الأسلحة الكيماوية'),
  igo('icc', 'International Criminal Court', 'المحكمة الجنائية الدولية', 'Q47488'),
  igo('icj', 'International Court of Justice', 'محكمة العدل الدولية', 'Q7801'),
  igo('interpol', 'Interpol', 'الإنتربول|الانتربول|منظمة الشرطة الجنائية الدولية|الشرطة الدولية', 'Q47480'),
  igo('imf', 'International Monetary Fund', 'صندوق النقد الدولي', 'Q7804'),
  igo('world-bank', 'World Bank', 'البنك الدولي|مجموعة البنك الدولي', 'Q7164'),
  igo('wto', 'World Trade Organization', 'منظمة التجارة العالمية', 'Q7825'),
  // --- regional organisations ---
  igo('eu', 'European Union', 'الاتحاد الأوروبي|الاتحاد الأوربي|التكتل الأوروبي', 'Q458'),
  igo('european-commission', 'European Commission', 'المفوضية الأوروبية', 'Q8880'),
  igo('european-parliament', 'European Parliament', 'البرلمان الأوروبي', 'Q8889'),
  igo('european-council', 'European Council', 'المجلس الأوروبي'),
  igo('ecb', 'European Central Bank', 'البنك المركزي الأوروبي'),
  igo('council-of-europe', 'Council of Europe', 'مجلس أوروبا', 'Q8908'),
  igo('nato', 'NATO', 'حلف شمال الأطلسي|الناتو|حلف الأطلسي|حلف الناتو|ناتو|الحلف الأطلسي|منظمة حلف شمال الأطلسي|حلف شمال الأطلسي الناتو', 'Q7184'),
  igo('arab-league', 'Arab League', 'جامعة الدول العربية|الجامعة العربية', 'Q7172'),
  igo('arab-parliament', 'Arab Parliament', 'البرلمان العربي'),
  igo('gcc', 'Gulf Cooperation Council', 'مجلس التعاون الخليجي|مجلس التعاون لدول الخليج العربية|مجلس التعاون|مجلس التعاون لدول الخليج'),
  igo('oic', 'Organisation of Islamic Cooperation', 'منظمة التعاون الإسلامي|منظمة المؤتمر الإسلامي'),
  igo('african-union', 'African Union', 'الاتحاد الأفريقي|الاتحاد الإفريقي', 'Q7159'),
  igo(
    'ecowas',
    'ECOWAS',
    'المجموعة الاقتصادية لدول غرب أفريقيا|المجموعة الاقتصادية لدول غرب إفريقيا|إيكواس|الإيكواس|مجموعة إيكواس',
  ),
  igo('amisom', 'African Union Mission to Somalia', 'بعثة الاتحاد الأفريقي في الصومال|أميصوم|قوات أميصوم'),
  igo('opec', 'OPEC', 'منظمة الدول المصدرة للنفط|أوبك|منظمة أوبك', 'Q7795'),
  igo('g20', 'G20', 'مجموعة العشرين|مجموعة الدول العشرين', 'Q19771'),
  igo('g7', 'G7', 'مجموعة السبع|مجموعة الدول السبع|مجموعة الدول الصناعية السبع|مجموعة الدول السبع الكبرى'),
  igo('brics', 'BRICS', 'بريكس|مجموعة بريكس'),
  igo('asean', 'ASEAN', 'رابطة دول جنوب شرق آسيا|آسيان|الآسيان|رابطة آسيان', 'Q7768'),
  igo('osce', 'OSCE', 'منظمة الأمن والتعاون في أوروبا', 'Q81299'),
  igo('sco', 'Shanghai Cooperation Organisation', 'منظمة شنغهاي للتعاون|منظمة شانغهاي للتعاون'),
  igo('isdb', 'Islamic Development Bank', 'البنك الإسلامي للتنمية'),
  igo('middle-east-quartet', 'Quartet on the Middle East', 'اللجنة الرباعية الدولية|الرباعية الدولية|اللجنة الرباعية'),
  igo('arab-quartet', 'Anti-Terror Quartet (Saudi Arabia, UAE, Bahrain, Egypt)', 'الرباعي العربي|الدول الأربع المقاطعة لقطر|دول المقاطعة|الدول الداعية لمكافحة الإرهاب'),
  // --- coalitions ---
  igo(
    'global-coalition-against-daesh',
    'Global Coalition to Defeat ISIS',
    'التحالف الدولي لهزيمة داعش|التحالف الدولي ضد داعش|التحالف الدولي|التحالف الذي تقوده الولايات المتحدة|التحالف الدولي بقيادة الولايات المتحدة|التحالف بقيادة الولايات المتحدة|التحالف الدولي بقيادة واشنطن|التحالف بقيادة واشنطن|التحالف الدولي لمحاربة داعش|التحالف الدولي لمكافحة داعش|التحالف الدولي ضد تنظيم داعش|التحالف الدولي لهزيمة تنظيم داعش|التحالف الدولي ضد تنظيم الدولة|التحالف الدولي ضد تنظيم الدولة الإسلامية|التحالف الدولي لمحاربة تنظيم الدولة الإسلامية|التحالف الدولي لهزيمة تنظيم الدولة الإسلامية|التحالف الدولي ضد الإرهاب|التحالف الدولي لمحاربة الإرهاب',
  ),
  igo(
    'saudi-led-coalition-yemen',
    'Saudi-led coalition in Yemen',
    'التحالف العربي|تحالف دعم الشرعية|تحالف دعم الشرعية في اليمن|التحالف العربي لدعم الشرعية|التحالف العربي لدعم الشرعية في اليمن|التحالف العربي بقيادة السعودية|التحالف بقيادة السعودية|التحالف الذي تقوده السعودية|التحالف العسكري بقيادة السعودية|التحالف العسكري الذي تقوده السعودية|قوات التحالف العربي',
  ),
  igo('imctc', 'Islamic Military Counter Terrorism Coalition', 'التحالف الإسلامي العسكري لمحاربة الإرهاب|التحالف الإسلامي العسكري|التحالف الإسلامي لمحاربة الإرهاب'),
  // --- NGOs ---
  ngo('icrc', 'International Committee of the Red Cross', null, 'اللجنة الدولية للصليب الأحمر|الصليب الأحمر|الصليب الأحمر الدولي', 'Q71'),
  ngo('ifrc', 'International Federation of Red Cross and Red Crescent Societies', null, 'الاتحاد الدولي لجمعيات الصليب الأحمر والهلال الأحمر'),
  ngo('sarc', 'Syrian Arab Red Crescent', 'SYR', 'الهلال الأحمر العربي السوري|الهلال الأحمر السوري'),
  ngo('prcs', 'Palestine Red Crescent Society', 'PSE', 'الهلال الأحمر الفلسطيني|جمعية الهلال الأحمر الفلسطيني'),
  ngo('amnesty', 'Amnesty International', null, 'منظمة العفو الدولية|العفو الدولية', 'Q42970'),
  ngo('hrw', 'Human Rights Watch', null, 'هيومن رايتس ووتش|منظمة هيومن رايتس ووتش|رايتس ووتش'),
  ngo('msf', 'Médecins Sans Frontières', null, 'أطباء بلا حدود|منظمة أطباء بلا حدود'),
  ngo('rsf-reporters', 'Reporters Without Borders', null, 'مراسلون بلا حدود|منظمة مراسلون بلا حدود|منظمة مراسلين بلا حدود'),
  ngo('cpj', 'Committee to Protect Journalists', null, 'لجنة حماية الصحفيين|لجنة حماية الصحافيين'),
  ngo('oxfam', 'Oxfam', null, 'أوكسفام|منظمة أوكسفام'),
  ngo('save-the-children', 'Save the Children', null, 'منظمة إنقاذ الطفولة|أنقذوا الأطفال|منظمة أنقذوا الأطفال'),
  ngo('sohr', 'Syrian Observatory for Human Rights', 'SYR', 'المرصد السوري لحقوق الإنسان|المرصد السوري'),
  ngo('snhr', 'Syrian Network for Human Rights', 'SYR', 'الشبكة السورية لحقوق الإنسان'),
  ngo('white-helmets', 'White Helmets (Syria Civil Defence)', 'SYR', 'الخوذ البيضاء|منظمة الخوذ البيضاء|الدفاع المدني السوري'),
  org('fifa', 'FIFA', 'ORG', null, 'SOC', 'الاتحاد الدولي لكرة القدم|فيفا|الفيفا'),
  org('uefa', 'UEFA', 'ORG', null, 'SOC', 'الاتحاد الأوروبي لكرة القدم|يويفا|اليويفا'),
  org('ioc', 'International Olympic Committee', 'ORG', null, 'SOC', 'اللجنة الأولمبية الدولية'),
  // --- armed groups ---
  group(
    'isis',
    'Islamic State (ISIS)',
    null,
    'REB',
    'تنظيم الدولة الإسلامية|داعش|تنظيم الدولة|الدولة الإسلامية|تنظيم داعش|الدولة الإسلامية في العراق والشام|تنظيم الدولة الإسلامية في العراق والشام|الدولة الإسلامية في العراق وسوريا|داعش الإرهابي|تنظيم داعش الإرهابي|تنظيم الدولة الإسلامية داعش|عصابات داعش|مسلحو داعش|مسلحي داعش',
    'Q2429253',
  ),
  group('isis-sinai', 'Islamic State – Sinai Province', 'EGY', 'REB', 'ولاية سيناء|تنظيم ولاية سيناء|أنصار بيت المقدس|جماعة أنصار بيت المقدس'),
  group('isis-khorasan', 'Islamic State – Khorasan Province', 'AFG', 'REB', 'ولاية خراسان|تنظيم ولاية خراسان|داعش خراسان'),
  group('iswap', 'Islamic State West Africa Province', 'NGA', 'REB', 'ولاية غرب أفريقيا|ولاية غرب إفريقيا|تنظيم الدولة في غرب أفريقيا'),
  group('al-qaeda', 'al-Qaeda', null, 'REB', 'تنظيم القاعدة|القاعدة|شبكة القاعدة|تنظيم القاعدة الإرهابي', 'Q34490'),
  group('aqap', 'al-Qaeda in the Arabian Peninsula', 'YEM', 'REB', 'تنظيم القاعدة في جزيرة العرب|القاعدة في جزيرة العرب|القاعدة في شبه الجزيرة العربية|تنظيم القاعدة في شبه الجزيرة العربية'),
  group('aqim', 'al-Qaeda in the Islamic Maghreb', null, 'REB', 'تنظيم القاعدة في بلاد المغرب الإسلامي|القاعدة في بلاد المغرب الإسلامي|القاعدة في المغرب الإسلامي|تنظيم القاعدة في المغرب الإسلامي'),
  group('jnim', 'Jama\'at Nasr al-Islam wal Muslimin', 'MLI', 'REB', 'جماعة نصرة الإسلام والمسلمين|نصرة الإسلام والمسلمين'),
  group('al-shabaab', 'al-Shabaab', 'SOM', 'REB', 'حركة الشباب|حركة الشباب المجاهدين|الشباب المجاهدين|حركة الشباب الصومالية|حركة الشباب الإسلامية|مسلحو حركة الشباب|مسلحي حركة الشباب'),
  group('boko-haram', 'Boko Haram', 'NGA', 'REB', 'بوكو حرام|جماعة بوكو حرام|حركة بوكو حرام'),
  group(
    'houthis',
    'Houthis (Ansar Allah)',
    'YEM',
    'REB',
    'الحوثيون|الحوثيين|الحوثي|جماعة الحوثي|جماعة الحوثيين|أنصار الله|جماعة أنصار الله|حركة أنصار الله|ميليشيا الحوثي|ميليشيات الحوثي|ميليشيا الحوثيين|ميليشيات الحوثيين|مليشيا الحوثي|مليشيات الحوثي|المتمردون الحوثيون|المتمردين الحوثيين|الحوثيون المتمردون|الحوثيين المتمردين|جماعة الحوثي المسلحة|قوات الحوثيين|مسلحو الحوثي|مسلحي الحوثي',
  ),
  group('hezbollah', 'Hezbollah', 'LBN', 'REB', 'حزب الله|حزب الله اللبناني|ميليشيا حزب الله|ميليشيات حزب الله|جماعة حزب الله', 'Q41053'),
  group('kataib-hezbollah', 'Kata\'ib Hezbollah', 'IRQ', 'PRM', 'كتائب حزب الله|كتائب حزب الله العراقي|كتائب حزب الله العراقية'),
  group('asaib-ahl-al-haq', 'Asa\'ib Ahl al-Haq', 'IRQ', 'PRM', 'عصائب أهل الحق|حركة عصائب أهل الحق'),
  group('badr', 'Badr Organization', 'IRQ', 'PRM', 'منظمة بدر|فيلق بدر'),
  group('pmf', 'Popular Mobilization Forces', 'IRQ', 'MIL', 'الحشد الشعبي|قوات الحشد الشعبي|هيئة الحشد الشعبي|ميليشيات الحشد الشعبي|فصائل الحشد الشعبي'),
  group('hamas', 'Hamas', 'PSE', 'REB', 'حركة حماس|حماس|حركة المقاومة الإسلامية|حركة المقاومة الإسلامية حماس', 'Q38799'),
  group('qassam-brigades', 'Izz ad-Din al-Qassam Brigades', 'PSE', 'REB', 'كتائب القسام|كتائب عز الدين القسام|كتائب الشهيد عز الدين القسام'),
  group('pij', 'Palestinian Islamic Jihad', 'PSE', 'REB', 'الجهاد الإسلامي|حركة الجهاد الإسلامي|حركة الجهاد الإسلامي في فلسطين'),
  group('al-quds-brigades', 'Al-Quds Brigades', 'PSE', 'REB', 'سرايا القدس'),
  group('al-aqsa-brigades', 'Al-Aqsa Martyrs\' Brigades', 'PSE', 'REB', 'كتائب شهداء الأقصى'),
  group('pkk', 'Kurdistan Workers\' Party (PKK)', 'TUR', 'REB', 'حزب العمال الكردستاني|العمال الكردستاني|بي كا كا|منظمة بي كا كا|حزب العمال الكردستاني المحظور'),
  group('ypg', 'People\'s Protection Units (YPG)', 'SYR', 'REB', 'وحدات حماية الشعب|وحدات حماية الشعب الكردية|الوحدات الكردية|ميليشيات وحدات حماية الشعب'),
  group('sdf', 'Syrian Democratic Forces', 'SYR', 'REB', 'قوات سوريا الديمقراطية|قسد|قوات سورية الديمقراطية'),
  group('taliban', 'Taliban', 'AFG', 'REB', 'حركة طالبان|طالبان|طالبان الأفغانية|حركة طالبان الأفغانية', 'Q42418'),
  group('ttp', 'Tehrik-i-Taliban Pakistan', 'PAK', 'REB', 'حركة طالبان باكستان|طالبان باكستان|طالبان الباكستانية|حركة طالبان الباكستانية'),
  group('haqqani-network', 'Haqqani Network', 'AFG', 'REB', 'شبكة حقاني'),
  group('hts', 'Hayat Tahrir al-Sham', 'SYR', 'REB', 'هيئة تحرير الشام|جبهة النصرة|جبهة فتح الشام|تحرير الشام'),
  group('fsa', 'Free Syrian Army', 'SYR', 'REB', 'الجيش السوري الحر|الجيش الحر'),
  group('syrian-national-army', 'Syrian National Army', 'SYR', 'REB', 'الجيش الوطني السوري'),
  group('nlf-syria', 'National Front for Liberation', 'SYR', 'REB', 'الجبهة الوطنية للتحرير'),
  group('jaysh-al-islam', 'Jaysh al-Islam', 'SYR', 'REB', 'جيش الإسلام'),
  group('ahrar-al-sham', 'Ahrar al-Sham', 'SYR', 'REB', 'حركة أحرار الشام|أحرار الشام|حركة أحرار الشام الإسلامية'),
  group('faylaq-al-rahman', 'Faylaq al-Rahman', 'SYR', 'REB', 'فيلق الرحمن'),
  group('turkistan-islamic-party', 'Turkistan Islamic Party', null, 'REB', 'الحزب الإسلامي التركستاني'),
  group('polisario', 'Polisario Front', 'ESH', 'REB', 'جبهة البوليساريو|البوليساريو|جبهة بوليساريو'),
  group('lna', 'Libyan National Army (Haftar)', 'LBY', 'MIL', 'الجيش الوطني الليبي|قوات حفتر|قوات خليفة حفتر|قوات المشير خليفة حفتر|قوات المشير حفتر'),
  group('rsf-sudan', 'Rapid Support Forces', 'SDN', 'PRM', 'قوات الدعم السريع'),
  group('janjaweed', 'Janjaweed', 'SDN', 'PRM', 'الجنجويد|ميليشيا الجنجويد|ميليشيات الجنجويد'),
  group('jem-sudan', 'Justice and Equality Movement', 'SDN', 'REB', 'حركة العدل والمساواة'),
  group('slm-sudan', 'Sudan Liberation Movement', 'SDN', 'REB', 'حركة تحرير السودان'),
  group('farc', 'FARC', 'COL', 'REB', 'القوات المسلحة الثورية الكولومبية|فارك|حركة فارك'),
  group('abu-sayyaf', 'Abu Sayyaf', 'PHL', 'REB', 'جماعة أبو سياف'),
  group('lashkar-e-taiba', 'Lashkar-e-Taiba', 'PAK', 'REB', 'عسكر طيبة|جماعة عسكر طيبة|لشكر طيبة'),
  group('jaish-e-mohammed', 'Jaish-e-Mohammed', 'PAK', 'REB', 'جماعة جيش محمد'),
  group('hasm', 'Hasm Movement', 'EGY', 'REB', 'حركة حسم'),
  group('jaish-al-adl', 'Jaish al-Adl', 'IRN', 'REB', 'جيش العدل|جماعة جيش العدل'),
  group('security-belt', 'Security Belt Forces', 'YEM', 'PRM', 'قوات الحزام الأمني|الحزام الأمني'),
  group('peshmerga', 'Peshmerga', 'IRQ', 'MIL', 'البيشمركة|قوات البيشمركة|البشمركة|قوات البشمركة'),
  // --- state bodies with their own names ---
  org('irgc', 'Islamic Revolutionary Guard Corps', 'MIL', 'IRN', 'MIL', 'الحرس الثوري|الحرس الثوري الإيراني|حرس الثورة|الحرس الثوري الإسلامي|حرس الثورة الإسلامية|قوات الحرس الثوري'),
  org('quds-force', 'Quds Force', 'MIL', 'IRN', 'MIL', 'فيلق القدس|فيلق القدس التابع للحرس الثوري'),
  org('basij', 'Basij', 'MIL', 'IRN', 'PRM', 'الباسيج|قوات الباسيج|قوات التعبئة الشعبية'),
  org('white-house', 'White House', 'GOV', 'USA', 'GOV', 'البيت الأبيض'),
  org('us-senate', 'United States Senate', 'GOV', 'USA', 'LEG', 'مجلس الشيوخ الأمريكي|مجلس الشيوخ الأميركي|مجلس الشيوخ'),
  org('us-house', 'United States House of Representatives', 'GOV', 'USA', 'LEG', 'مجلس النواب الأمريكي|مجلس النواب الأميركي'),
  org('cia', 'Central Intelligence Agency', 'GOV', 'USA', 'SPY', 'وكالة المخابرات المركزية|وكالة المخابرات المركزية الأمريكية|وكالة الاستخبارات المركزية|وكالة الاستخبارات المركزية الأمريكية|سي آي إيه|سي آي ايه'),
  org('fbi', 'Federal Bureau of Investigation', 'GOV', 'USA', 'COP', 'مكتب التحقيقات الفيدرالي|مكتب التحقيقات الفدرالي|مكتب التحقيقات الاتحادي|إف بي آي|اف بي آي'),
  org('us-treasury', 'United States Department of the Treasury', 'GOV', 'USA', 'GOV', 'وزارة الخزانة الأمريكية|الخزانة الأمريكية|وزارة الخزانة الأميركية|الخزانة الأميركية|وزارة الخزينة الأمريكية'),
  org('federal-reserve', 'Federal Reserve', 'GOV', 'USA', 'GOV', 'الاحتياطي الفيدرالي|مجلس الاحتياطي الفيدرالي|البنك المركزي الأمريكي|البنك المركزي الأميركي|الاحتياطي الاتحادي|مجلس الاحتياطي الاتحادي'),
  org('mossad', 'Mossad', 'GOV', 'ISR', 'SPY', 'الموساد|جهاز الموساد|الموساد الإسرائيلي'),
  org('shin-bet', 'Shin Bet', 'GOV', 'ISR', 'SPY', 'الشاباك|جهاز الشاباك|جهاز الأمن العام الإسرائيلي|الشين بيت'),
  org('palestinian-authority', 'Palestinian Authority', 'GOV', 'PSE', 'GOV', 'السلطة الفلسطينية|السلطة الوطنية الفلسطينية'),
  org('plo', 'Palestine Liberation Organization', 'ORG', 'PSE', 'GOV', 'منظمة التحرير الفلسطينية|منظمة التحرير'),
  org('gna-libya', 'Government of National Accord (Libya)', 'GOV', 'LBY', 'GOV', 'حكومة الوفاق|حكومة الوفاق الوطني|حكومة الوفاق الليبية|حكومة الوفاق الوطني الليبية'),
  org('krg', 'Kurdistan Regional Government', 'GOV', 'IRQ', 'GOV', 'حكومة إقليم كردستان|حكومة إقليم كردستان العراق|حكومة الإقليم'),
  org('saudi-royal-court', 'Saudi Royal Court', 'GOV', 'SAU', 'GOV', 'الديوان الملكي السعودي'),
  org('al-azhar', 'Al-Azhar', 'ORG', 'EGY', 'REL', 'الأزهر|الأزهر الشريف|مشيخة الأزهر'),
  org('stc-yemen', 'Southern Transitional Council', 'ORG', 'YEM', 'OPP', 'المجلس الانتقالي الجنوبي|المجلس الانتقالي'),
  // --- opposition bodies and movements ---
  org('muslim-brotherhood', 'Muslim Brotherhood', 'ORG', 'EGY', 'OPP', 'جماعة الإخوان المسلمين|الإخوان المسلمين|الإخوان المسلمون|جماعة الإخوان|الإخوان|تنظيم الإخوان|جماعة الإخوان الإرهابية'),
  org('gulen-movement', 'Gülen movement', 'ORG', 'TUR', 'OPP', 'حركة غولن|جماعة غولن|منظمة غولن|حركة الخدمة|منظمة فتح الله غولن|منظمة غولن الإرهابية'),
  org('mek', 'People\'s Mujahedin of Iran', 'ORG', 'IRN', 'OPP', 'منظمة مجاهدي خلق|مجاهدي خلق|مجاهدو خلق'),
  org('syrian-national-coalition', 'National Coalition for Syrian Revolutionary and Opposition Forces', 'ORG', 'SYR', 'OPP', 'الائتلاف الوطني السوري|الائتلاف الوطني لقوى الثورة والمعارضة السورية|الائتلاف السوري المعارض|ائتلاف المعارضة السورية'),
  org('syrian-negotiation-commission', 'Syrian Negotiation Commission', 'ORG', 'SYR', 'OPP', 'هيئة التفاوض السورية|هيئة التفاوض|الهيئة العليا للمفاوضات|هيئة التفاوض السورية المعارضة'),
  org('syrian-democratic-council', 'Syrian Democratic Council', 'ORG', 'SYR', 'OPP', 'مجلس سوريا الديمقراطية|مسد'),
  // --- parties ---
  org('fatah', 'Fatah', 'PARTY', 'PSE', 'PTY', 'حركة فتح|حركة التحرير الوطني الفلسطيني'),
  org('pflp', 'Popular Front for the Liberation of Palestine', 'PARTY', 'PSE', 'PTY', 'الجبهة الشعبية لتحرير فلسطين'),
  org('pyd', 'Democratic Union Party (PYD)', 'PARTY', 'SYR', 'PTY', 'حزب الاتحاد الديمقراطي|حزب الاتحاد الديمقراطي الكردي'),
  org('baath-syria', 'Ba\'ath Party (Syria)', 'PARTY', 'SYR', 'PTY', 'حزب البعث|حزب البعث العربي الاشتراكي|حزب البعث الحاكم'),
  org('kdp', 'Kurdistan Democratic Party', 'PARTY', 'IRQ', 'PTY', 'الحزب الديمقراطي الكردستاني'),
  org('puk', 'Patriotic Union of Kurdistan', 'PARTY', 'IRQ', 'PTY', 'الاتحاد الوطني الكردستاني'),
  org('sadrist-movement', 'Sadrist Movement', 'PARTY', 'IRQ', 'PTY', 'التيار الصدري'),
  org('dawa-party', 'Islamic Dawa Party', 'PARTY', 'IRQ', 'PTY', 'حزب الدعوة|حزب الدعوة الإسلامية'),
  org('future-movement', 'Future Movement', 'PARTY', 'LBN', 'PTY', 'تيار المستقبل'),
  org('amal-movement', 'Amal Movement', 'PARTY', 'LBN', 'PTY', 'حركة أمل'),
  org('fpm', 'Free Patriotic Movement', 'PARTY', 'LBN', 'PTY', 'التيار الوطني الحر'),
  org('lebanese-forces', 'Lebanese Forces (party)', 'PARTY', 'LBN', 'PTY', 'القوات اللبنانية|حزب القوات اللبنانية'),
  org('akp', 'Justice and Development Party (Turkey)', 'PARTY', 'TUR', 'PTY', 'حزب العدالة والتنمية التركي|حزب العدالة والتنمية الحاكم في تركيا|العدالة والتنمية التركي'),
  org('chp', 'Republican People\'s Party (Turkey)', 'PARTY', 'TUR', 'PTY', 'حزب الشعب الجمهوري'),
  org('hdp', 'Peoples\' Democratic Party (Turkey)', 'PARTY', 'TUR', 'PTY', 'حزب الشعوب الديمقراطي'),
  org('pjd', 'Justice and Development Party (Morocco)', 'PARTY', 'MAR', 'PTY', 'حزب العدالة والتنمية المغربي|العدالة والتنمية المغربي'),
  org('ennahda', 'Ennahda', 'PARTY', 'TUN', 'PTY', 'حركة النهضة|حزب حركة النهضة|حركة النهضة الإسلامية'),
  org('nidaa-tounes', 'Nidaa Tounes', 'PARTY', 'TUN', 'PTY', 'حزب نداء تونس|نداء تونس|حركة نداء تونس'),
  org('us-republican-party', 'Republican Party (United States)', 'PARTY', 'USA', 'PTY', 'الحزب الجمهوري|الحزب الجمهوري الأمريكي|الحزب الجمهوري الأميركي'),
  org('us-democratic-party', 'Democratic Party (United States)', 'PARTY', 'USA', 'PTY', 'الحزب الديمقراطي|الحزب الديمقراطي الأمريكي|الحزب الديمقراطي الأميركي'),
  org('uk-conservative-party', 'Conservative Party (UK)', 'PARTY', 'GBR', 'PTY', 'حزب المحافظين|حزب المحافظين البريطاني'),
  org('uk-labour-party', 'Labour Party (UK)', 'PARTY', 'GBR', 'PTY', 'حزب العمال|حزب العمال البريطاني'),
  org('likud', 'Likud', 'PARTY', 'ISR', 'PTY', 'حزب الليكود|الليكود'),
  org('anc', 'African National Congress', 'PARTY', 'ZAF', 'PTY', 'حزب المؤتمر الوطني الأفريقي|المؤتمر الوطني الأفريقي'),
  org('ncp-sudan', 'National Congress Party (Sudan)', 'PARTY', 'SDN', 'PTY', 'حزب المؤتمر الوطني|حزب المؤتمر الوطني الحاكم'),
  org('gpc-yemen', 'General People\'s Congress (Yemen)', 'PARTY', 'YEM', 'PTY', 'حزب المؤتمر الشعبي العام|المؤتمر الشعبي العام'),
  org('islah-yemen', 'Al-Islah (Yemen)', 'PARTY', 'YEM', 'PTY', 'حزب التجمع اليمني للإصلاح|حزب الإصلاح اليمني|التجمع اليمني للإصلاح'),
];

/** A country that gets generated institutions: its usual name (construct forms) and nisba bases. */
interface Nation {
  iso: string;
  name: string;
  nisba: string[];
}

// Nisba bases by hand (rules miss most of them: أميركي, بريطاني, إماراتي, نمساوي …); ranked in the corpus
// below, and only the INSTITUTION_COUNTRIES most mentioned are generated.
const NATIONS: Nation[] = [
  { iso: 'USA', name: 'الولايات المتحدة', nisba: ['أمريكي', 'أميركي'] },
  { iso: 'RUS', name: 'روسيا', nisba: ['روسي'] },
  { iso: 'GBR', name: 'بريطانيا', nisba: ['بريطاني'] },
  { iso: 'FRA', name: 'فرنسا', nisba: ['فرنسي'] },
  { iso: 'DEU', name: 'ألمانيا', nisba: ['ألماني'] },
  { iso: 'CHN', name: 'الصين', nisba: ['صيني'] },
  { iso: 'JPN', name: 'اليابان', nisba: ['ياباني'] },
  { iso: 'ITA', name: 'إيطاليا', nisba: ['إيطالي'] },
  { iso: 'ESP', name: 'إسبانيا', nisba: ['إسباني'] },
  { iso: 'TUR', name: 'تركيا', nisba: ['تركي'] },
  { iso: 'IRN', name: 'إيران', nisba: ['إيراني'] },
  { iso: 'ISR', name: 'إسرائيل', nisba: ['إسرائيلي'] },
  { iso: 'PSE', name: 'فلسطين', nisba: ['فلسطيني'] },
  { iso: 'SYR', name: 'سوريا', nisba: ['سوري'] },
  { iso: 'IRQ', name: 'العراق', nisba: ['عراقي'] },
  { iso: 'LBN', name: 'لبنان', nisba: ['لبناني'] },
  { iso: 'JOR', name: 'الأردن', nisba: ['أردني'] },
  { iso: 'EGY', name: 'مصر', nisba: ['مصري'] },
  { iso: 'SAU', name: 'السعودية', nisba: ['سعودي'] },
  { iso: 'ARE', name: 'الإمارات', nisba: ['إماراتي'] },
  { iso: 'QAT', name: 'قطر', nisba: ['قطري'] },
  { iso: 'KWT', name: 'الكويت', nisba: ['كويتي'] },
  { iso: 'BHR', name: 'البحرين', nisba: ['بحريني'] },
  { iso: 'OMN', name: 'عمان', nisba: ['عماني'] },
  { iso: 'YEM', name: 'اليمن', nisba: ['يمني'] },
  { iso: 'LBY', name: 'ليبيا', nisba: ['ليبي'] },
  { iso: 'TUN', name: 'تونس', nisba: ['تونسي'] },
  { iso: 'DZA', name: 'الجزائر', nisba: ['جزائري'] },
  { iso: 'MAR', name: 'المغرب', nisba: ['مغربي'] },
  { iso: 'MRT', name: 'موريتانيا', nisba: ['موريتاني'] },
  { iso: 'SDN', name: 'السودان', nisba: ['سوداني'] },
  { iso: 'SSD', name: 'جنوب السودان', nisba: ['جنوب سوداني'] },
  { iso: 'SOM', name: 'الصومال', nisba: ['صومالي'] },
  { iso: 'ETH', name: 'إثيوبيا', nisba: ['إثيوبي'] },
  { iso: 'ERI', name: 'إريتريا', nisba: ['إريتري'] },
  { iso: 'KEN', name: 'كينيا', nisba: ['كيني'] },
  { iso: 'NGA', name: 'نيجيريا', nisba: ['نيجيري'] },
  // MLI left out: its nisba مالي is also "financial" (السلطات المالية = the financial authorities).
  { iso: 'NER', name: 'النيجر', nisba: ['نيجري'] },
  { iso: 'TCD', name: 'تشاد', nisba: ['تشادي'] },
  { iso: 'ZAF', name: 'جنوب أفريقيا', nisba: ['جنوب أفريقي'] },
  { iso: 'AFG', name: 'أفغانستان', nisba: ['أفغاني'] },
  { iso: 'PAK', name: 'باكستان', nisba: ['باكستاني'] },
  { iso: 'IND', name: 'الهند', nisba: ['هندي'] },
  { iso: 'BGD', name: 'بنغلاديش', nisba: ['بنغلاديشي'] },
  { iso: 'MMR', name: 'ميانمار', nisba: ['ميانماري', 'بورمي'] },
  { iso: 'IDN', name: 'إندونيسيا', nisba: ['إندونيسي'] },
  { iso: 'MYS', name: 'ماليزيا', nisba: ['ماليزي'] },
  { iso: 'PHL', name: 'الفلبين', nisba: ['فلبيني'] },
  { iso: 'KOR', name: 'كوريا الجنوبية', nisba: ['كوري جنوبي'] },
  { iso: 'PRK', name: 'كوريا الشمالية', nisba: ['كوري شمالي'] },
  { iso: 'AUS', name: 'أستراليا', nisba: ['أسترالي'] },
  { iso: 'CAN', name: 'كندا', nisba: ['كندي'] },
  { iso: 'MEX', name: 'المكسيك', nisba: ['مكسيكي'] },
  { iso: 'BRA', name: 'البرازيل', nisba: ['برازيلي'] },
  { iso: 'ARG', name: 'الأرجنتين', nisba: ['أرجنتيني'] },
  { iso: 'VEN', name: 'فنزويلا', nisba: ['فنزويلي'] },
  { iso: 'COL', name: 'كولومبيا', nisba: ['كولومبي'] },
  { iso: 'CUB', name: 'كوبا', nisba: ['كوبي'] },
  { iso: 'UKR', name: 'أوكرانيا', nisba: ['أوكراني'] },
  { iso: 'POL', name: 'بولندا', nisba: ['بولندي'] },
  { iso: 'NLD', name: 'هولندا', nisba: ['هولندي'] },
  { iso: 'BEL', name: 'بلجيكا', nisba: ['بلجيكي'] },
  { iso: 'CHE', name: 'سويسرا', nisba: ['سويسري'] },
  { iso: 'AUT', name: 'النمسا', nisba: ['نمساوي'] },
  { iso: 'SWE', name: 'السويد', nisba: ['سويدي'] },
  { iso: 'NOR', name: 'النرويج', nisba: ['نرويجي'] },
  { iso: 'DNK', name: 'الدنمارك', nisba: ['دنماركي', 'دانماركي', 'دانمركي'] },
  { iso: 'FIN', name: 'فنلندا', nisba: ['فنلندي'] },
  { iso: 'GRC', name: 'اليونان', nisba: ['يوناني'] },
  { iso: 'CYP', name: 'قبرص', nisba: ['قبرصي'] },
  { iso: 'PRT', name: 'البرتغال', nisba: ['برتغالي'] },
  { iso: 'HUN', name: 'المجر', nisba: ['مجري', 'هنغاري'] },
  { iso: 'SRB', name: 'صربيا', nisba: ['صربي'] },
  { iso: 'ROU', name: 'رومانيا', nisba: ['روماني'] },
  { iso: 'AZE', name: 'أذربيجان', nisba: ['أذربيجاني'] },
  { iso: 'ARM', name: 'أرمينيا', nisba: ['أرميني'] },
  { iso: 'GEO', name: 'جورجيا', nisba: ['جورجي'] },
  { iso: 'BLR', name: 'روسيا البيضاء', nisba: ['بيلاروسي'] },
  { iso: 'IRL', name: 'أيرلندا', nisba: ['أيرلندي'] },
  { iso: 'NZL', name: 'نيوزيلندا', nisba: ['نيوزيلندي'] },
  { iso: 'VNM', name: 'فيتنام', nisba: ['فيتنامي'] },
  { iso: 'THA', name: 'تايلاند', nisba: ['تايلاندي', 'تايلندي'] },
  { iso: 'SEN', name: 'السنغال', nisba: ['سنغالي'] },
  { iso: 'UGA', name: 'أوغندا', nisba: ['أوغندي'] },
  { iso: 'COD', name: 'الكونغو الديمقراطية', nisba: ['كونغولي'] },
  { iso: 'CMR', name: 'الكاميرون', nisba: ['كاميروني'] },
  { iso: 'DJI', name: 'جيبوتي', nisba: ['جيبوتي'] },
];

/**
 * One generated institution. Forms: `{F}` the feminine nisba with article (الحكومة العراقية), `{M}` the
 * masculine with article (الجيش العراقي), `{N}` the country's name (حكومة العراق).
 */
interface Portfolio {
  key: string;
  en: string;
  subtype: string;
  sector: string;
  forms: string[];
}

const PORTFOLIOS: Portfolio[] = [
  { key: 'mofa', en: 'Ministry of Foreign Affairs', subtype: 'GOV', sector: 'GOV', forms: ['وزارة الخارجية {F}', 'الخارجية {F}', 'وزارة خارجية {N}', 'الدبلوماسية {F}'] },
  { key: 'mod', en: 'Ministry of Defence', subtype: 'GOV', sector: 'GOV', forms: ['وزارة الدفاع {F}', 'الدفاع {F}', 'وزارة دفاع {N}'] },
  { key: 'moi', en: 'Ministry of the Interior', subtype: 'GOV', sector: 'GOV', forms: ['وزارة الداخلية {F}', 'الداخلية {F}', 'وزارة داخلية {N}'] },
  { key: 'moj', en: 'Ministry of Justice', subtype: 'GOV', sector: 'GOV', forms: ['وزارة العدل {F}'] },
  { key: 'mofin', en: 'Ministry of Finance', subtype: 'GOV', sector: 'GOV', forms: ['وزارة المالية {F}'] },
  { key: 'moecon', en: 'Ministry of Economy', subtype: 'GOV', sector: 'GOV', forms: ['وزارة الاقتصاد {F}'] },
  { key: 'motrade', en: 'Ministry of Trade', subtype: 'GOV', sector: 'GOV', forms: ['وزارة التجارة {F}'] },
  { key: 'mohealth', en: 'Ministry of Health', subtype: 'GOV', sector: 'GOV', forms: ['وزارة الصحة {F}'] },
  { key: 'moedu', en: 'Ministry of Education', subtype: 'GOV', sector: 'GOV', forms: ['وزارة التعليم {F}', 'وزارة التربية {F}'] },
  { key: 'moenergy', en: 'Ministry of Energy', subtype: 'GOV', sector: 'GOV', forms: ['وزارة الطاقة {F}'] },
  { key: 'mooil', en: 'Ministry of Oil', subtype: 'GOV', sector: 'GOV', forms: ['وزارة النفط {F}'] },
  { key: 'moinfo', en: 'Ministry of Information', subtype: 'GOV', sector: 'GOV', forms: ['وزارة الإعلام {F}'] },
  { key: 'gov', en: 'Government', subtype: 'GOV', sector: 'GOV', forms: ['الحكومة {F}', 'حكومة {N}'] },
  { key: 'presidency', en: 'Presidency', subtype: 'GOV', sector: 'GOV', forms: ['الرئاسة {F}', 'رئاسة {N}'] },
  { key: 'authorities', en: 'authorities', subtype: 'GOV', sector: 'GOV', forms: ['السلطات {F}', 'سلطات {N}'] },
  { key: 'regime', en: 'regime', subtype: 'GOV', sector: 'GOV', forms: ['النظام {M}', 'نظام {N}'] },
  { key: 'embassy', en: 'Embassy', subtype: 'GOV', sector: 'GOV', forms: ['السفارة {F}', 'سفارة {N}'] },
  { key: 'parliament', en: 'Parliament', subtype: 'GOV', sector: 'LEG', forms: ['البرلمان {M}', 'برلمان {N}', 'مجلس النواب {M}'] },
  { key: 'judiciary', en: 'Judiciary', subtype: 'GOV', sector: 'JUD', forms: ['القضاء {M}', 'السلطة القضائية {F}'] },
  { key: 'police', en: 'Police', subtype: 'GOV', sector: 'COP', forms: ['الشرطة {F}', 'شرطة {N}'] },
  { key: 'security-forces', en: 'Security Forces', subtype: 'GOV', sector: 'COP', forms: ['قوات الأمن {F}', 'الأجهزة الأمنية {F}', 'السلطات الأمنية {F}'] },
  { key: 'intelligence', en: 'Intelligence Services', subtype: 'GOV', sector: 'SPY', forms: ['المخابرات {F}', 'الاستخبارات {F}', 'أجهزة المخابرات {F}', 'أجهزة الاستخبارات {F}'] },
  { key: 'army', en: 'Army', subtype: 'MIL', sector: 'MIL', forms: ['الجيش {M}', 'جيش {N}'] },
  { key: 'armed-forces', en: 'Armed Forces', subtype: 'MIL', sector: 'MIL', forms: ['القوات المسلحة {F}', 'القوات {F}'] },
  { key: 'navy', en: 'Navy', subtype: 'MIL', sector: 'MIL', forms: ['البحرية {F}', 'القوات البحرية {F}'] },
  { key: 'air-force', en: 'Air Force', subtype: 'MIL', sector: 'MIL', forms: ['القوات الجوية {F}', 'سلاح الجو {M}'] },
  { key: 'opposition', en: 'opposition', subtype: 'ORG', sector: 'OPP', forms: ['المعارضة {F}'] },
];

/** Extra aliases and English names for particular generated institutions (`<portfolio>-<iso3>`). */
const INSTITUTION_EXTRAS: Record<string, { en?: string; ar?: string[] }> = {
  'mofa-usa': { en: 'United States Department of State', ar: ['وزارة الخارجية الأمريكية', 'الخارجية الأمريكية'] },
  'mod-usa': { en: 'United States Department of Defense', ar: ['البنتاغون', 'البنتاجون', 'وزارة الدفاع الأمريكية البنتاغون'] },
  'parliament-usa': { en: 'United States Congress', ar: ['الكونغرس', 'الكونغرس الأمريكي', 'الكونغرس الأميركي'] },
  'presidency-rus': { en: 'Presidential Administration of Russia (Kremlin)', ar: ['الكرملين'] },
  'parliament-rus': { en: 'State Duma', ar: ['مجلس الدوما', 'الدوما', 'الدوما الروسي'] },
  'parliament-isr': { en: 'Knesset', ar: ['الكنيست', 'الكنيست الإسرائيلي'] },
  'army-isr': {
    en: 'Israel Defense Forces',
    ar: ['جيش الاحتلال', 'جيش الاحتلال الإسرائيلي', 'جيش الدفاع الإسرائيلي', 'قوات الاحتلال', 'قوات الاحتلال الإسرائيلي'],
  },
  'gov-gbr': { ar: ['داونينغ ستريت'] },
  'parliament-gbr': { ar: ['مجلس العموم', 'مجلس العموم البريطاني'] },
  'presidency-fra': { ar: ['الإليزيه', 'قصر الإليزيه'] },
  'parliament-irn': { ar: ['مجلس الشورى الإسلامي', 'مجلس الشورى الإيراني'] },
  'parliament-sau': { ar: ['مجلس الشورى السعودي'] },
  'parliament-deu': { ar: ['البوندستاغ', 'البرلمان الاتحادي الألماني'] },
  'army-syr': { en: 'Syrian Arab Army', ar: ['الجيش العربي السوري', 'قوات النظام السوري', 'قوات الأسد', 'جيش النظام السوري', 'القوات الحكومية السورية'] },
  'regime-syr': { en: 'Syrian government (Assad regime)', ar: ['نظام الأسد', 'نظام بشار الأسد'] },
  'gov-yem': { ar: ['الحكومة الشرعية', 'الحكومة اليمنية الشرعية', 'الحكومة الشرعية في اليمن'] },
  'army-irq': { ar: ['القوات الأمنية العراقية'] },
  'intelligence-sau': { ar: ['رئاسة الاستخبارات العامة'] },
  'parliament-egy': { ar: ['مجلس النواب المصري'] },
  'parliament-kwt': { ar: ['مجلس الأمة الكويتي'] },
};

/** Portfolios of ministers, for roles.json (masculine and feminine minister, English, PLOVER sector). */
const MINISTER_PORTFOLIOS: Array<[string, string, string]> = [
  ['الخارجية', 'Foreign Minister', 'GOV'],
  ['الشؤون الخارجية', 'Foreign Minister', 'GOV'],
  ['الدفاع', 'Defence Minister', 'GOV'],
  ['الداخلية', 'Interior Minister', 'GOV'],
  ['العدل', 'Justice Minister', 'GOV'],
  ['المالية', 'Finance Minister', 'GOV'],
  ['الاقتصاد', 'Economy Minister', 'GOV'],
  ['التجارة', 'Trade Minister', 'GOV'],
  ['الصحة', 'Health Minister', 'GOV'],
  ['التعليم', 'Education Minister', 'GOV'],
  ['التربية والتعليم', 'Education Minister', 'GOV'],
  ['التعليم العالي', 'Higher Education Minister', 'GOV'],
  ['النفط', 'Oil Minister', 'GOV'],
  ['الطاقة', 'Energy Minister', 'GOV'],
  ['الإعلام', 'Information Minister', 'GOV'],
  ['الثقافة', 'Culture Minister', 'GOV'],
  ['الزراعة', 'Agriculture Minister', 'GOV'],
  ['النقل', 'Transport Minister', 'GOV'],
  ['العمل', 'Labour Minister', 'GOV'],
  ['السياحة', 'Tourism Minister', 'GOV'],
  ['الخزانة', 'Treasury Secretary', 'GOV'],
  ['الشؤون الاجتماعية', 'Social Affairs Minister', 'GOV'],
  ['الأوقاف', 'Religious Endowments Minister', 'GOV'],
  ['الإسكان', 'Housing Minister', 'GOV'],
  ['الاتصالات', 'Communications Minister', 'GOV'],
  ['الصناعة', 'Industry Minister', 'GOV'],
  ['البيئة', 'Environment Minister', 'GOV'],
  ['الرياضة', 'Sports Minister', 'GOV'],
  ['الشباب والرياضة', 'Youth and Sports Minister', 'GOV'],
  ['الهجرة', 'Migration Minister', 'GOV'],
  ['التخطيط', 'Planning Minister', 'GOV'],
  ['الدولة', 'Minister of State', 'GOV'],
  ['الدولة للشؤون الخارجية', 'Minister of State for Foreign Affairs', 'GOV'],
];

/**
 * Person roles: [masculine, feminine or '', English, sector]. Sector null means the role takes the sector of
 * the organisation it is attached to (المتحدث باسم الجيش → MIL; الأمين العام للأمم المتحدة → IGO).
 * Sectors follow PLOVER_agents.txt where it has the word (AMBASSADOR GOV, JUDGE JUD, POLICE_CHIEF COP,
 * GENERAL/COMMANDER MIL, LEGISLATOR LEG, KING/CROWN_PRINCE GOV, CLERIC REL).
 */
const ROLES: Array<[string, string, string, string | null]> = [
  ['الرئيس', 'الرئيسة', 'President', 'GOV'],
  ['رئيس الجمهورية', 'رئيسة الجمهورية', 'President', 'GOV'],
  ['رئيس الدولة', 'رئيسة الدولة', 'Head of State', 'GOV'],
  ['نائب الرئيس', 'نائبة الرئيس', 'Vice President', 'GOV'],
  ['نائب رئيس الجمهورية', '', 'Vice President', 'GOV'],
  ['رئيس الوزراء', 'رئيسة الوزراء', 'Prime Minister', 'GOV'],
  ['رئيس الحكومة', 'رئيسة الحكومة', 'Head of Government', 'GOV'],
  ['رئيس مجلس الوزراء', 'رئيسة مجلس الوزراء', 'Prime Minister', 'GOV'],
  ['نائب رئيس الوزراء', 'نائبة رئيس الوزراء', 'Deputy Prime Minister', 'GOV'],
  ['نائب رئيس الحكومة', '', 'Deputy Prime Minister', 'GOV'],
  ['المستشار', 'المستشارة', 'Chancellor / Adviser', 'GOV'],
  ['مستشار الأمن القومي', 'مستشارة الأمن القومي', 'National Security Adviser', 'GOV'],
  ['الملك', 'الملكة', 'King', 'GOV'],
  ['العاهل', '', 'Monarch', 'GOV'],
  ['ولي العهد', '', 'Crown Prince', 'GOV'],
  ['ولي ولي العهد', '', 'Deputy Crown Prince', 'GOV'],
  ['الأمير', 'الأميرة', 'Prince / Emir', 'GOV'],
  ['أمير', '', 'Emir', 'GOV'],
  ['السلطان', '', 'Sultan', 'GOV'],
  ['الشيخ', 'الشيخة', 'Sheikh', null],
  ['المرشد الأعلى', '', 'Supreme Leader', 'GOV'],
  ['المرشد الأعلى للثورة الإسلامية', '', 'Supreme Leader of Iran', 'GOV'],
  ['المرشد العام', '', 'General Guide', null],
  ['الوزير', 'الوزيرة', 'Minister', 'GOV'],
  ['وزير', 'وزيرة', 'Minister', 'GOV'],
  ['وكيل الوزارة', '', 'Undersecretary', 'GOV'],
  ['مساعد وزير الخارجية', 'مساعدة وزير الخارجية', 'Assistant Secretary of State', 'GOV'],
  ['نائب وزير الخارجية', 'نائبة وزير الخارجية', 'Deputy Foreign Minister', 'GOV'],
  ['وزير الخارجية الأمريكي', '', 'Secretary of State', 'GOV'],
  ['المتحدث باسم', 'المتحدثة باسم', 'Spokesperson for', null],
  ['الناطق باسم', 'الناطقة باسم', 'Spokesperson for', null],
  ['المتحدث الرسمي باسم', 'المتحدثة الرسمية باسم', 'Official spokesperson for', null],
  ['المتحدث الرسمي', 'المتحدثة الرسمية', 'Official spokesperson', null],
  ['الناطق الرسمي', 'الناطقة الرسمية', 'Official spokesperson', null],
  ['المتحدث العسكري', '', 'Military spokesperson', 'MIL'],
  ['السفير', 'السفيرة', 'Ambassador', 'GOV'],
  ['سفير', 'سفيرة', 'Ambassador', 'GOV'],
  ['القنصل', 'القنصلة', 'Consul', 'GOV'],
  ['الدبلوماسي', 'الدبلوماسية', 'Diplomat', 'GOV'],
  ['المندوب الدائم', 'المندوبة الدائمة', 'Permanent Representative', 'GOV'],
  ['المندوب', 'المندوبة', 'Representative', 'GOV'],
  ['المبعوث الخاص', 'المبعوثة الخاصة', 'Special Envoy', null],
  ['المبعوث', 'المبعوثة', 'Envoy', null],
  ['المبعوث الأممي', 'المبعوثة الأممية', 'UN Envoy', 'IGO'],
  ['المبعوث الدولي', 'المبعوثة الدولية', 'International Envoy', 'IGO'],
  ['الأمين العام', 'الأمينة العامة', 'Secretary-General', null],
  ['الأمين العام للأمم المتحدة', '', 'UN Secretary-General', 'IGO'],
  ['المفوض السامي', 'المفوضة السامية', 'High Commissioner', 'IGO'],
  ['المنسق', 'المنسقة', 'Coordinator', null],
  ['المقرر الخاص', 'المقررة الخاصة', 'Special Rapporteur', 'IGO'],
  ['الممثل الأعلى', 'الممثلة العليا', 'High Representative', 'IGO'],
  ['الممثل الخاص', 'الممثلة الخاصة', 'Special Representative', null],
  ['القائد', 'القائدة', 'Commander', 'MIL'],
  ['القائد العام', '', 'Commander-in-Chief', 'MIL'],
  ['القائد العام للقوات المسلحة', '', 'Commander-in-Chief of the Armed Forces', 'MIL'],
  ['قائد الجيش', '', 'Army Commander', 'MIL'],
  ['قائد القوات', '', 'Forces Commander', 'MIL'],
  ['قائد القوات البرية', '', 'Ground Forces Commander', 'MIL'],
  ['قائد القوات الجوية', '', 'Air Force Commander', 'MIL'],
  ['قائد القوات البحرية', '', 'Navy Commander', 'MIL'],
  ['قائد العمليات', '', 'Operations Commander', 'MIL'],
  ['رئيس الأركان', '', 'Chief of Staff', 'MIL'],
  ['رئيس هيئة الأركان', '', 'Chief of General Staff', 'MIL'],
  ['رئيس أركان الجيش', '', 'Army Chief of Staff', 'MIL'],
  ['رئيس هيئة الأركان المشتركة', '', 'Chairman of the Joint Chiefs of Staff', 'MIL'],
  ['المشير', '', 'Field Marshal', 'MIL'],
  ['الفريق أول', '', 'General', 'MIL'],
  ['الفريق الركن', '', 'Lieutenant General', 'MIL'],
  ['الجنرال', '', 'General', 'MIL'],
  ['اللواء', '', 'Major General', 'MIL'],
  ['العميد', '', 'Brigadier General', 'MIL'],
  ['العقيد', '', 'Colonel', 'MIL'],
  ['المقدم', '', 'Lieutenant Colonel', 'MIL'],
  ['الرائد', '', 'Major', 'MIL'],
  ['النقيب', '', 'Captain', 'MIL'],
  ['الأدميرال', '', 'Admiral', 'MIL'],
  ['الضابط', '', 'Officer', 'MIL'],
  ['الجندي', 'المجندة', 'Soldier', 'MIL'],
  ['قائد الشرطة', '', 'Police Chief', 'COP'],
  ['مدير الشرطة', '', 'Police Director', 'COP'],
  ['مدير الأمن', '', 'Security Director', 'COP'],
  ['رئيس المخابرات', '', 'Intelligence Chief', 'SPY'],
  ['رئيس الاستخبارات', '', 'Intelligence Chief', 'SPY'],
  ['مدير المخابرات', '', 'Intelligence Director', 'SPY'],
  ['مدير وكالة المخابرات المركزية', '', 'CIA Director', 'SPY'],
  ['زعيم', 'زعيمة', 'Leader', null],
  ['الزعيم', 'الزعيمة', 'Leader', null],
  ['زعيم المعارضة', 'زعيمة المعارضة', 'Opposition Leader', 'OPP'],
  ['القيادي', 'القيادية', 'Senior figure', null],
  ['رئيس المكتب السياسي', '', 'Head of the Political Bureau', null],
  ['النائب', 'النائبة', 'Member of Parliament', 'LEG'],
  ['عضو البرلمان', 'عضوة البرلمان', 'Member of Parliament', 'LEG'],
  ['عضو مجلس النواب', 'عضوة مجلس النواب', 'Member of Parliament', 'LEG'],
  ['عضو الكونغرس', 'عضوة الكونغرس', 'Member of Congress', 'LEG'],
  ['عضو مجلس الشيوخ', 'عضوة مجلس الشيوخ', 'Senator', 'LEG'],
  ['السيناتور', '', 'Senator', 'LEG'],
  ['رئيس البرلمان', 'رئيسة البرلمان', 'Speaker of Parliament', 'LEG'],
  ['رئيس مجلس النواب', 'رئيسة مجلس النواب', 'Speaker of Parliament', 'LEG'],
  ['رئيس مجلس الشورى', '', 'Speaker of the Shura Council', 'LEG'],
  ['القاضي', 'القاضية', 'Judge', 'JUD'],
  ['المدعي العام', 'المدعية العامة', 'Prosecutor', 'JUD'],
  ['النائب العام', 'النائبة العامة', 'Attorney General', 'JUD'],
  ['المحامي', 'المحامية', 'Lawyer', 'JUD'],
  ['المحافظ', 'المحافظة', 'Governor', 'GOV'],
  ['محافظ', '', 'Governor', 'GOV'],
  ['الحاكم', '', 'Governor / Ruler', 'GOV'],
  ['حاكم', '', 'Governor / Ruler', 'GOV'],
  ['رئيس البلدية', 'رئيسة البلدية', 'Mayor', 'GOV'],
  ['العمدة', '', 'Mayor', 'GOV'],
  ['الوالي', '', 'Governor (wali)', 'GOV'],
  ['آية الله', '', 'Ayatollah', 'REL'],
  ['الإمام', '', 'Imam', 'REL'],
  ['المفتي', '', 'Mufti', 'REL'],
  ['مفتي الجمهورية', '', 'Grand Mufti', 'REL'],
  ['شيخ الأزهر', '', 'Grand Imam of al-Azhar', 'REL'],
  ['البابا', '', 'Pope', 'REL'],
  ['البطريرك', '', 'Patriarch', 'REL'],
  ['رجل الدين', '', 'Cleric', 'REL'],
  ['الصحفي', 'الصحفية', 'Journalist', 'JRN'],
  ['الصحافي', 'الصحافية', 'Journalist', 'JRN'],
  ['المراسل', 'المراسلة', 'Correspondent', 'JRN'],
  ['الناشط', 'الناشطة', 'Activist', 'CVL'],
  ['الناشط الحقوقي', 'الناشطة الحقوقية', 'Human rights activist', 'CVL'],
  ['المعارض', 'المعارضة', 'Opposition figure', 'OPP'],
  ['المرشح', 'المرشحة', 'Candidate', null],
  ['المرشح الرئاسي', 'المرشحة الرئاسية', 'Presidential candidate', null],
  ['الرئيس التنفيذي', 'الرئيسة التنفيذية', 'Chief Executive', 'BUS'],
  ['رجل الأعمال', 'سيدة الأعمال', 'Businessman', 'BUS'],
  ['المدير العام', 'المديرة العامة', 'Director-General', null],
  ['مدير', 'مديرة', 'Director', null],
  ['رئيس', 'رئيسة', 'Head / President', null],
];

/**
 * Tokens that are overwhelmingly names although common in the corpus or seen with the article (عمر also
 * means "age", حسين/فيصل take ال as family names, علي folds together with the preposition على). A token here
 * skips the common-word tests; nothing else does.
 */
const ALWAYS_NAMES = [
  'محمد', 'أحمد', 'علي', 'حسن', 'حسين', 'عمر', 'عثمان', 'خالد', 'فيصل', 'سلمان', 'عبد', 'عبدالله', 'محمود',
  'مصطفى', 'إبراهيم', 'يوسف', 'إسماعيل', 'يحيى', 'زكريا', 'موسى', 'عيسى', 'سليمان', 'داود', 'صالح', 'طارق',
  'ياسر', 'ماجد', 'منصور', 'ناصر', 'نبيل', 'هشام', 'وليد', 'سعد', 'بشار', 'حمد', 'زايد', 'تميم', 'عباس',
  'جعفر', 'حمزة', 'فاطمة', 'عائشة', 'خديجة', 'مريم', 'زينب', 'سارة', 'ليلى', 'هند', 'رشا',
  'ترامب', 'بوتين', 'أردوغان', 'ماكرون', 'ميركل', 'روحاني', 'نتنياهو', 'نتانياهو', 'لافروف', 'بومبيو',
  'خاشقجي', 'أوباما', 'جونسون', 'جون', 'جيمس', 'مايكل', 'ديفيد', 'روبرت', 'بول', 'مارك', 'دونالد', 'فلاديمير',
  'إيمانويل', 'سيرغي',
];

/** Corpus words that the name-context test would let through but are not names. */
const NEVER_NAMES = ['باسم', 'ال', 'يا'];

// ---------------------------------------------------------------------------------------------------------
// Derived
// ---------------------------------------------------------------------------------------------------------

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const tokens = (s: string): string[] => foldString(s).match(WORD) ?? [];

/** Strip the clitics a corpus token may carry before an alias: و/ف, then ب/ل/ك before ال (لل → ال). */
function clitics(t: string): string[] {
  const out = [t];
  let s = t;
  if ((s.startsWith('و') || s.startsWith('ف')) && s.length > 3) {
    s = s.slice(1);
    out.push(s);
  }
  if (s.startsWith('لل') && s.length > 4) out.push('ال' + s.slice(2));
  else if ((s.startsWith('بال') || s.startsWith('كال')) && s.length > 5) out.push(s.slice(1));
  return out;
}

interface CorpusStats {
  /** Folded word counts. */
  words: Map<string, number>;
  /** Alias (folded key) counts, clitics stripped from the first word. */
  aliases: Map<string, number>;
  /** For each name-lexicon token: how often its neighbour is another lexicon token or a title. */
  pairs: Map<string, number>;
}

const TITLES = new Set(
  ['الرئيس', 'الأمير', 'الملك', 'الشيخ', 'السيد', 'السيدة', 'الوزير', 'النائب', 'الزعيم', 'الجنرال', 'الدكتور', 'القائد', 'المتحدث'].map(
    (w) => foldString(w),
  ),
);

async function readCorpus(aliasKeys: Set<string>, lexicon: Set<string>): Promise<CorpusStats> {
  const words = new Map<string, number>();
  const aliases = new Map<string, number>();
  const pairs = new Map<string, number>(); // "a b" for adjacent lexicon tokens, "^ b" for title + token
  const byFirst = new Map<string, string[][]>();
  for (const key of aliasKeys) {
    const parts = key.split(' ');
    const list = byFirst.get(parts[0]!) ?? [];
    list.push(parts);
    byFirst.set(parts[0]!, list);
  }
  const rl = createInterface({ input: createReadStream(CORPUS).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const doc = JSON.parse(line) as { title?: string; text?: string };
    const toks = tokens(`${doc.title ?? ''}\n${doc.text ?? ''}`);
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      words.set(t, (words.get(t) ?? 0) + 1);
      if (i > 0) {
        const p = toks[i - 1]!;
        const tl = lexicon.has(t);
        const pl = lexicon.has(p);
        if (tl && TITLES.has(p) && !pl) pairs.set(`^ ${t}`, (pairs.get(`^ ${t}`) ?? 0) + 1);
        else if ((tl && (pl || p.startsWith('ال'))) || (pl && t.startsWith('ال'))) {
          pairs.set(`${p} ${t}`, (pairs.get(`${p} ${t}`) ?? 0) + 1);
        }
      }
      for (const first of clitics(t)) {
        const cands = byFirst.get(first);
        if (!cands) continue;
        for (const parts of cands) {
          let ok = true;
          for (let j = 1; j < parts.length && ok; j++) ok = toks[i + j] === parts[j];
          if (ok) {
            const k = parts.join(' ');
            aliases.set(k, (aliases.get(k) ?? 0) + 1);
          }
        }
      }
    }
  }
  return { words, aliases, pairs };
}

const slugIso = (iso: string): string => iso.toLowerCase();

/** Inflect a (possibly two-word) nisba base with the article: masculine or feminine. */
function nisbaForm(base: string, feminine: boolean): string {
  return base
    .split(' ')
    .map((w, i, all) => {
      // جنوب أفريقي: only the adjective takes the article and the ending
      if (all.length > 1 && i === 0 && (w === 'جنوب' || w === 'شمال')) return w;
      return 'ال' + w + (feminine ? 'ة' : '');
    })
    .join(' ');
}

function expand(form: string, nation: Nation): string[] {
  if (form.includes('{N}')) return [form.replace('{N}', nation.name)];
  const fem = form.includes('{F}');
  return nation.nisba.map((n) => form.replace(fem ? '{F}' : '{M}', nisbaForm(n, fem)));
}

function readLines(url: URL): string[] {
  return readFileSync(url, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

function stableJson(file: object, entriesKey: string): string {
  // One entry per line: diffs stay readable and the file stays small.
  const obj = file as Record<string, unknown>;
  const head = Object.entries(obj)
    .filter(([k]) => k !== entriesKey)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(',');
  const list = obj[entriesKey] as unknown[];
  return `{${head},${JSON.stringify(entriesKey)}:[\n${list.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  mkdirSync(OUT, { recursive: true });
  const countries = JSON.parse(readFileSync(COUNTRIES, 'utf8')) as Array<{ iso3: string; name_en: string }>;
  const enOf = new Map(countries.map((c) => [c.iso3, c.name_en]));
  const isos = new Set(countries.map((c) => c.iso3));

  // --- name lexicon inputs (needed before the corpus pass: pair counts are kept for lexicon tokens only) ---
  const stop = new Set(readLines(STOPWORDS).map((w) => foldString(w)));
  const firstRaw = [
    ...readLines(new URL('male-first--names-in-arabic.txt', AKHATEEB)),
    ...readLines(new URL('female-first-names-in-arabic.txt', AKHATEEB)),
  ];
  const lastRaw = readLines(new URL('last-names-in-arabic.txt', AKHATEEB));
  const csv = readLines(new URL('200-Arabic-Names-UTF8.csv', AKHATEEB)).slice(1);
  for (const row of csv) {
    const [m, f, l] = row.split(',');
    if (m) firstRaw.push(m.trim());
    if (f) firstRaw.push(f.trim());
    if (l) lastRaw.push(l.trim());
  }
  const ARABIC_TOKEN = /^[\u0621-\u064a]{2,}$/;
  const wd = new Map<string, number>();
  for (const row of readLines(WD_TOKENS).slice(1)) {
    const [, ar, count] = row.split('\t');
    if (!ar || !count) continue;
    const key = foldString(ar.trim());
    if (!ARABIC_TOKEN.test(key)) continue;
    wd.set(key, (wd.get(key) ?? 0) + Number(count));
  }
  const firstKeys = [...new Set(firstRaw.map((n) => foldString(n)).filter((k) => ARABIC_TOKEN.test(k)))];
  const lastKeys = [...new Set(lastRaw.map((n) => foldString(n)).filter((k) => ARABIC_TOKEN.test(k)))];
  const lexicon = new Set<string>([...wd.keys(), ...firstKeys, ...lastKeys]);

  // --- actor names: hand entries, then generated institutions ---
  const handEntries: KbEntry[] = [];
  const claimed = new Map<string, string>(); // name key → entry id
  const collisions: string[] = [];
  for (const a of ACTORS) {
    const id = a.wd ? `wd:${a.wd}` : `marsad:${a.slug}`;
    if (a.country !== null && a.country !== 'IGO' && !isos.has(a.country)) throw new Error(`unknown ISO3 ${a.country} in ${a.slug}`);
    const ar = [...new Set(a.ar.split('|').map((s) => s.trim()))];
    for (const n of ar) {
      const k = nameKey(n);
      const prev = claimed.get(k);
      if (prev && prev !== id) collisions.push(`${n}: ${prev} / ${id}`);
      else claimed.set(k, id);
    }
    const e: KbEntry = { id, type: 'ORG', subtype: a.subtype, en: a.en, ar, country: a.country, sector: a.sector };
    if (a.wd) e.wikidata = a.wd;
    handEntries.push(e);
  }

  const allAliasKeys = new Set<string>();
  for (const e of handEntries) for (const n of e.ar) allAliasKeys.add(nameKey(n));
  // Nisba mentions rank the countries: masculine and feminine with the article.
  const nisbaKeys = new Map<string, string[]>();
  for (const nat of NATIONS) {
    if (!isos.has(nat.iso)) throw new Error(`unknown ISO3 ${nat.iso}`);
    const keys = nat.nisba.flatMap((n) => [nisbaForm(n, false), nisbaForm(n, true)]).map(nameKey);
    nisbaKeys.set(nat.iso, keys);
    for (const k of keys) allAliasKeys.add(k);
    for (const p of PORTFOLIOS) for (const f of p.forms) for (const n of expand(f, nat)) allAliasKeys.add(nameKey(n));
  }
  for (const x of Object.values(INSTITUTION_EXTRAS)) for (const n of x.ar ?? []) allAliasKeys.add(nameKey(n));

  const stats = await readCorpus(allAliasKeys, lexicon);
  const freq = (name: string): number => stats.aliases.get(nameKey(name)) ?? 0;

  const nationRank = NATIONS.map((n) => ({ n, c: nisbaKeys.get(n.iso)!.reduce((s, k) => s + (stats.aliases.get(k) ?? 0), 0) })).sort(
    (a, b) => b.c - a.c || a.n.iso.localeCompare(b.n.iso),
  );
  const chosen = nationRank.slice(0, INSTITUTION_COUNTRIES).map((x) => x.n);
  const generated: KbEntry[] = [];
  const usedExtras = new Set<string>();
  let droppedNames = 0;
  for (const nat of [...chosen].sort((a, b) => a.iso.localeCompare(b.iso))) {
    const cname = enOf.get(nat.iso) ?? nat.iso;
    for (const p of PORTFOLIOS) {
      const slug = `${p.key}-${slugIso(nat.iso)}`;
      const id = `marsad:${slug}`;
      const extra = INSTITUTION_EXTRAS[slug];
      if (extra) usedExtras.add(slug);
      const names = [...new Set([...p.forms.flatMap((f) => expand(f, nat)), ...(extra?.ar ?? [])])].filter((n) => {
        const k = nameKey(n);
        const owner = claimed.get(k);
        if (owner && owner !== id) {
          droppedNames++;
          return false; // a hand-listed actor owns this name (القوات اللبنانية is a party)
        }
        claimed.set(k, id);
        return true;
      });
      if (names.length === 0) continue;
      const en = extra?.en ?? (p.key === 'authorities' || p.key === 'regime' || p.key === 'opposition' ? `${cname} ${p.en}` : `${p.en} of ${cname}`);
      generated.push({ id, type: 'ORG', subtype: p.subtype, en, ar: names, country: nat.iso, sector: p.sector });
    }
  }
  const unusedExtras = Object.keys(INSTITUTION_EXTRAS).filter((k) => !usedExtras.has(k));

  // Hand entries: most frequent first (the count of all their aliases), ties by id.
  const score = (e: KbEntry): number => e.ar.reduce((s, n) => s + freq(n), 0);
  handEntries.sort((a, b) => score(b) - score(a) || a.id.localeCompare(b.id));
  const actorsFile: KbFile = {
    version: 1,
    source:
      'marsad scripts/build-actors.ts: IGOs, coalitions, NGOs, armed groups, parties and named state bodies curated by hand (aliases checked against the ANT multisource v2.1 corpus; PLOVER sectors per the PLOVER v0.8 manual and NGEC PLOVER_agents.txt, MIT; UniversalPetrarch Arabic actor dictionary, MIT, as reference); state institutions generated from a portfolio × country table for the 60 countries most mentioned in the corpus',
    license: 'Apache-2.0',
    entries: [...handEntries, ...generated],
  };

  // --- roles ---
  const roles: Array<{ ar: string; en: string; sector: string | null; person: true }> = [];
  const seenRole = new Set<string>();
  const addRole = (ar: string, en: string, sector: string | null): void => {
    const k = nameKey(ar);
    if (seenRole.has(k)) return;
    seenRole.add(k);
    roles.push({ ar, en, sector, person: true });
  };
  for (const [m, f, en, sector] of ROLES) {
    addRole(m, en, sector);
    if (f) addRole(f, en, sector);
  }
  for (const [p, en, sector] of MINISTER_PORTFOLIOS) {
    addRole(`وزير ${p}`, en, sector);
    addRole(`وزيرة ${p}`, en, sector);
  }
  const rolesFile = {
    version: 1 as const,
    source:
      'marsad scripts/build-actors.ts: person roles curated by hand; sectors from the PLOVER v0.8 manual (CC BY-SA 4.0, codes only) and NGEC PLOVER_agents.txt (MIT). sector null = the role takes the sector of the organisation it is attached to',
    license: 'Apache-2.0',
    roles,
  };

  // --- person names ---
  const ranked = [...stats.words.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const rank = new Map<string, number>();
  ranked.forEach(([w], i) => rank.set(w, i));
  const always = new Set(ALWAYS_NAMES.map((w) => foldString(w)));
  const never = new Set(NEVER_NAMES.map((w) => foldString(w)));
  const count = (w: string): number => stats.words.get(w) ?? 0;
  // A neighbour counts as name evidence only when it is itself a name-like token: in the lexicon, not a
  // stopword, and not a common word by the article tests (so ترامب counts, العام does not).
  const takesArticle = (w: string): boolean => {
    const a = count('ال' + w);
    return a >= 3 && a >= ARTICLE_RATIO * count(w);
  };
  const articleOfCommon = (w: string): boolean => {
    if (!w.startsWith('ال') || w.length <= 4) return false;
    // A family name with the article is rarely written bare (الحريري); a nisba or noun is (مصري, دولة).
    const bare = count(w.slice(2));
    return bare >= 3 && bare >= BARE_RATIO * count(w);
  };
  // Family names with the article (العبادي, الظواهري) are mostly missing from the token lexicon, so an ال-word
  // whose bare form is rare counts too.
  const plainName = (w: string): boolean =>
    !stop.has(w) &&
    !never.has(w) &&
    !takesArticle(w) &&
    !articleOfCommon(w) &&
    (lexicon.has(w) || (w.startsWith('ال') && w.length > 4));
  const context = new Map<string, number>();
  for (const [k, c] of stats.pairs) {
    const [p, t] = k.split(' ') as [string, string];
    if (p === '^') context.set(t, (context.get(t) ?? 0) + c);
    else {
      if (lexicon.has(t) && plainName(p)) context.set(t, (context.get(t) ?? 0) + c);
      if (lexicon.has(p) && plainName(t)) context.set(p, (context.get(p) ?? 0) + c);
    }
  }
  const why = new Map<string, number>();
  const isName = (w: string): boolean => {
    const reason = ((): string | null => {
      if (always.has(w)) return null;
      if (never.has(w) || stop.has(w)) return 'stopword';
      const c = count(w);
      if ((rank.get(w) ?? Infinity) < COMMON_RANK) {
        // Frequent words are names only when they mostly stand next to other names (جون, مصطفى, حسين);
        // a frequent ال-word is a nisba or noun (المصري follows الرئيس as often as a name does).
        if (w.startsWith('ال')) return 'frequent';
        return (context.get(w) ?? 0) / c >= 0.3 && !takesArticle(w) && !articleOfCommon(w) ? null : 'frequent';
      }
      if (takesArticle(w)) return 'takes-article'; // الجيب, الأمل
      if (articleOfCommon(w)) return 'article-of-common'; // الدولة ← دولة
      if (c >= CONTEXT_MIN_COUNT && (context.get(w) ?? 0) / c < CONTEXT_MIN_RATIO) return 'no-name-context';
      return null;
    })();
    if (reason) why.set(reason, (why.get(reason) ?? 0) + 1);
    if (process.env['DEBUG_NAMES']?.split(',').includes(w)) {
      console.log(`  ${w}: ${reason ?? 'name'} count=${count(w)} rank=${rank.get(w)} al=${count('ال' + w)} ctx=${context.get(w) ?? 0}`);
    }
    return reason === null;
  };
  const keep = new Map<string, boolean>();
  const test = (w: string): boolean => {
    let v = keep.get(w);
    if (v === undefined) keep.set(w, (v = isName(w)));
    return v;
  };
  const tokensOut: Record<string, number> = {};
  const allTokens = [...lexicon].filter(test).sort();
  const akh = new Set([...firstKeys, ...lastKeys]);
  for (const w of allTokens) tokensOut[w] = (wd.get(w) ?? 0) + (akh.has(w) ? 1 : 0);
  const first = [...new Set(firstRaw)].filter((n) => ARABIC_TOKEN.test(foldString(n)) && test(foldString(n))).sort();
  const last = [...new Set(lastRaw)].filter((n) => ARABIC_TOKEN.test(foldString(n)) && test(foldString(n))).sort();
  const droppedFirst = [...new Set(firstRaw)].filter((n) => ARABIC_TOKEN.test(foldString(n)) && !test(foldString(n))).sort();
  const namesFile = {
    version: 1 as const,
    source:
      'marsad scripts/build-actors.ts: first/last names from AKhateeb/arabic-names (MIT, commit 32d5ec8) and person-name tokens from steveash/NETransliteration-COLING2018 Wikidata tokens (CC0, commit 5d5f59e), folded (src/text/fold.ts); tokens that are stopwords (stopwords-iso, MIT), among the 3000 most frequent ANT corpus words without name context, or common words by the article test are left out. `tokens` values are Wikidata label counts (+1 when in the AKhateeb lists)',
    license: 'MIT (AKhateeb/arabic-names) + CC0-1.0 (Wikidata tokens); selection Apache-2.0',
    first,
    last,
    tokens: tokensOut,
  };

  // --- write ---
  const files: Array<[string, string]> = [
    ['actors.json', stableJson(actorsFile, 'entries')],
    ['roles.json', stableJson(rolesFile, 'roles')],
    ['person-names.json', JSON.stringify(namesFile) + '\n'],
  ];
  for (const [name, text] of files) writeFileSync(new URL(name, OUT), text);

  // --- summary ---
  const bySubtype = new Map<string, number>();
  for (const e of actorsFile.entries) bySubtype.set(e.subtype, (bySubtype.get(e.subtype) ?? 0) + 1);
  console.log(`actors.json: ${actorsFile.entries.length} entries (${handEntries.length} hand-listed, ${generated.length} generated for ${chosen.length} countries)`);
  console.log(`  per subtype: ${[...bySubtype].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  names: ${actorsFile.entries.reduce((s, e) => s + e.ar.length, 0)}; generated names given up to hand entries: ${droppedNames}`);
  console.log(`  countries with institutions: ${chosen.map((n) => n.iso).join(' ')}`);
  console.log(`  countries left out (fewest nisba mentions): ${nationRank.slice(INSTITUTION_COUNTRIES).map((x) => `${x.n.iso}:${x.c}`).join(' ')}`);
  const top = handEntries.slice(0, 25).map((e) => `${e.en} ${score(e)}`);
  console.log(`  most mentioned hand entries: ${top.join('; ')}`);
  const unseen = handEntries.filter((e) => score(e) === 0).map((e) => e.en);
  console.log(`  hand entries never seen in the corpus (${unseen.length}): ${unseen.join('; ')}`);
  if (collisions.length) console.log(`  WARNING alias on two hand entries: ${collisions.join('; ')}`);
  if (unusedExtras.length) console.log(`  WARNING extras for countries not generated: ${unusedExtras.join(' ')}`);
  console.log(`roles.json: ${roles.length} roles (${roles.filter((r) => r.sector === null).length} take the sector of their organisation)`);
  console.log(
    `person-names.json: ${first.length} first, ${last.length} last, ${allTokens.length} tokens of ${lexicon.size}; dropped: ${[...why].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
  console.log(`  first names dropped as common words: ${droppedFirst.join(' ')}`);
  for (const [name] of files) console.log(`  ${name}: ${(statSync(new URL(name, OUT)).size / 1024).toFixed(1)} KB`);
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await main();

/**
 * Build model/kb/misc.json: names of things that are neither persons, organisations nor places — the MISC
 * type of ANERcorp-style tagging: currencies, religions and their deity and scriptures, holy sites and named
 * buildings, wars and other named events, prizes, competitions, UN missions, weapons and other products.
 *
 * Everything is hand-curated by marsad below (general knowledge; ordinary Arabic spelling — hamza, ة/ه, ى/ي
 * and g-letter variants are generated at load by src/lexicon/variants.ts, so only forms that differ in more
 * than that are listed: the article, plural and accusative forms). With `--check` the script also counts
 * how often each name occurs as a token sequence in the ANT multisource corpus (Apache-2.0; counts only) and
 * prints the names never seen, so a misspelling shows up; the output does not depend on the corpus.
 *
 * Deterministic: same table, same bytes. Run: node --import tsx scripts/build-misc.ts [--check]
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { KbEntry, KbFile } from '../src/lexicon/kb-types.js';
import { nameKey } from '../src/lexicon/variants.js';

/** One hand-listed thing: aliases separated by `|`. */
interface Misc {
  slug: string;
  subtype: 'CURRENCY' | 'RELIGION' | 'SCRIPTURE' | 'HOLY_SITE' | 'BUILDING' | 'EVENT' | 'PRIZE' | 'COMPETITION' | 'MISSION' | 'PRODUCT';
  en: string;
  ar: string;
}

// ---------------------------------------------------------------------------------------------------------
// Hand-curated table
// ---------------------------------------------------------------------------------------------------------

const TABLE: Misc[] = [
  // currencies: bare, with the article, accusative (مليون دولارا), plural
  { slug: 'dollar', subtype: 'CURRENCY', en: 'dollar', ar: 'دولار|الدولار|دولارا|دولاراً' },
  { slug: 'us-dollar', subtype: 'CURRENCY', en: 'US dollar', ar: 'الدولار الأمريكي|الدولار الأميركي' },
  { slug: 'euro', subtype: 'CURRENCY', en: 'euro', ar: 'يورو|اليورو' },
  { slug: 'pound', subtype: 'CURRENCY', en: 'pound', ar: 'جنيه|الجنيه|جنيها|جنيهات|الجنيهات|جنيهاً' },
  { slug: 'pound-sterling', subtype: 'CURRENCY', en: 'pound sterling', ar: 'جنيه إسترليني|الجنيه الإسترليني|جنيه استرليني|الجنيه الاسترليني|إسترليني|الإسترليني' },
  { slug: 'egyptian-pound', subtype: 'CURRENCY', en: 'Egyptian pound', ar: 'الجنيه المصري' },
  { slug: 'dirham', subtype: 'CURRENCY', en: 'dirham', ar: 'درهم|الدرهم|دراهم|درهما|درهماً' },
  { slug: 'dinar', subtype: 'CURRENCY', en: 'dinar', ar: 'دينار|الدينار|دينارا|دنانير|ديناراً' },
  { slug: 'riyal', subtype: 'CURRENCY', en: 'riyal', ar: 'ريالا|ريالاً|ريال سعودي|الريال السعودي|ريال قطري|الريال القطري|ريال عماني|ريال يمني' },
  { slug: 'lira', subtype: 'CURRENCY', en: 'lira', ar: 'ليرة|الليرة|ليرات|ليرة تركية|الليرة التركية|ليرة سورية|الليرة السورية|ليرة لبنانية|الليرة اللبنانية' },
  { slug: 'shekel', subtype: 'CURRENCY', en: 'shekel', ar: 'شيكل|الشيكل|شيكلات|شيقل|الشيقل|شواكل' },
  { slug: 'yen', subtype: 'CURRENCY', en: 'yen', ar: 'ين ياباني|الين الياباني' },
  { slug: 'yuan', subtype: 'CURRENCY', en: 'yuan', ar: 'اليوان' },
  { slug: 'rupee', subtype: 'CURRENCY', en: 'rupee', ar: 'روبية|الروبية|روبيات' },
  { slug: 'ruble', subtype: 'CURRENCY', en: 'ruble', ar: 'روبل|الروبل' },
  { slug: 'franc', subtype: 'CURRENCY', en: 'franc', ar: 'فرنك|الفرنك|فرنكات' },
  { slug: 'toman', subtype: 'CURRENCY', en: 'toman', ar: 'تومان|التومان' },
  { slug: 'ouguiya', subtype: 'CURRENCY', en: 'ouguiya', ar: 'أوقية|الأوقية' },
  { slug: 'bitcoin', subtype: 'CURRENCY', en: 'Bitcoin', ar: 'بيتكوين|البيتكوين' },

  // religions, their deity, scriptures
  { slug: 'allah', subtype: 'RELIGION', en: 'Allah (God)', ar: 'الله|لله|اللّه' },
  { slug: 'islam', subtype: 'RELIGION', en: 'Islam', ar: 'الإسلام' },
  { slug: 'christianity', subtype: 'RELIGION', en: 'Christianity', ar: 'المسيحية|النصرانية' },
  { slug: 'quran', subtype: 'SCRIPTURE', en: 'Quran', ar: 'القرآن|القران' },
  { slug: 'bible', subtype: 'SCRIPTURE', en: 'Bible', ar: 'الإنجيل|الكتاب المقدس' },
  { slug: 'torah', subtype: 'SCRIPTURE', en: 'Torah', ar: 'التوراة|التلمود' },

  // holy sites and named buildings
  { slug: 'kaaba', subtype: 'HOLY_SITE', en: 'Kaaba', ar: 'الكعبة' },
  { slug: 'al-aqsa', subtype: 'HOLY_SITE', en: 'al-Aqsa Mosque', ar: 'المسجد الأقصى|الأقصى المبارك|المسجد الأقصى المبارك' },
  { slug: 'black-stone', subtype: 'HOLY_SITE', en: 'Black Stone', ar: 'الحجر الأسود' },
  { slug: 'dome-of-the-rock', subtype: 'HOLY_SITE', en: 'Dome of the Rock', ar: 'قبة الصخرة' },
  { slug: 'church-holy-sepulchre', subtype: 'HOLY_SITE', en: 'Church of the Holy Sepulchre', ar: 'كنيسة القيامة' },
  { slug: 'western-wall', subtype: 'HOLY_SITE', en: 'Western Wall', ar: 'حائط البراق|حائط المبكى' },
  { slug: 'imam-reza-shrine', subtype: 'HOLY_SITE', en: 'Astan Quds Razavi', ar: 'الأستانة الرضوية|العتبة الرضوية' },
  { slug: 'white-house', subtype: 'BUILDING', en: 'White House', ar: 'البيت الأبيض' },
  { slug: 'karnak', subtype: 'BUILDING', en: 'Karnak', ar: 'الكرنك|معبد الكرنك' },
  { slug: 'pyramids', subtype: 'BUILDING', en: 'Pyramids of Giza', ar: 'الأهرامات|أهرامات الجيزة' },
  { slug: 'eiffel-tower', subtype: 'BUILDING', en: 'Eiffel Tower', ar: 'برج إيفل' },
  { slug: 'burj-khalifa', subtype: 'BUILDING', en: 'Burj Khalifa', ar: 'برج خليفة' },
  { slug: 'santiago-bernabeu', subtype: 'BUILDING', en: 'Santiago Bernabéu', ar: 'سانتياغو برنابيو|سانتياغو بيرنابيو' },
  { slug: 'camp-nou', subtype: 'BUILDING', en: 'Camp Nou', ar: 'كامب نو' },
  { slug: 'wembley', subtype: 'BUILDING', en: 'Wembley Stadium', ar: 'ويمبلي|ملعب ويمبلي|استاد ويمبلي' },

  // wars, disasters and other named events
  { slug: 'ww1', subtype: 'EVENT', en: 'World War I', ar: 'الحرب العالمية الأولى' },
  { slug: 'ww2', subtype: 'EVENT', en: 'World War II', ar: 'الحرب العالمية الثانية' },
  { slug: 'cold-war', subtype: 'EVENT', en: 'Cold War', ar: 'الحرب الباردة' },
  { slug: 'balkan-wars', subtype: 'EVENT', en: 'Balkan Wars', ar: 'حرب البلقان' },
  { slug: 'tsunami', subtype: 'EVENT', en: 'tsunami (2004)', ar: 'تسونامي' },
  { slug: 'katrina', subtype: 'EVENT', en: 'Hurricane Katrina', ar: 'إعصار كاترينا|كاترينا' },

  // prizes
  { slug: 'nobel', subtype: 'PRIZE', en: 'Nobel Prize', ar: 'نوبل' },
  { slug: 'oscar', subtype: 'PRIZE', en: 'Academy Award (Oscar)', ar: 'أوسكار|الأوسكار' },
  { slug: 'pulitzer', subtype: 'PRIZE', en: 'Pulitzer Prize', ar: 'بوليتزر' },
  { slug: 'golden-ball', subtype: 'PRIZE', en: "Ballon d'Or", ar: 'الكرة الذهبية' },
  { slug: 'palme-dor', subtype: 'PRIZE', en: "Palme d'Or", ar: 'السعفة الذهبية' },
  { slug: 'booker', subtype: 'PRIZE', en: 'Booker Prize', ar: 'بوكر|البوكر' },
  { slug: 'king-faisal-prize', subtype: 'PRIZE', en: 'King Faisal Prize', ar: 'جائزة الملك فيصل' },
  { slug: 'grammy', subtype: 'PRIZE', en: 'Grammy Award', ar: 'غرامي' },

  // competitions
  { slug: 'world-cup', subtype: 'COMPETITION', en: 'FIFA World Cup', ar: 'بطولة كأس العالم|المونديال|مونديال|بطولة العالم' },
  { slug: 'arab-cup', subtype: 'COMPETITION', en: 'Arab Cup', ar: 'كأس العرب|البطولة العربية' },
  { slug: 'euro-championship', subtype: 'COMPETITION', en: 'UEFA European Championship', ar: 'كأس أمم أوروبا|بطولة أمم أوروبا|يورو 2016|يورو 2020|يورو 2024' },
  { slug: 'wimbledon', subtype: 'COMPETITION', en: 'Wimbledon', ar: 'ويمبلدون|بطولة ويمبلدون' },
  { slug: 'roland-garros', subtype: 'COMPETITION', en: 'French Open', ar: 'رولان غاروس|بطولة رولان غاروس' },
  { slug: 'tour-de-france', subtype: 'COMPETITION', en: 'Tour de France', ar: 'طواف فرنسا' },
  { slug: 'formula-1', subtype: 'COMPETITION', en: 'Formula One', ar: 'فورمولا 1|فورمولا وان|الفورمولا 1|فورمولا' },
  { slug: 'dakar-rally', subtype: 'COMPETITION', en: 'Dakar Rally', ar: 'رالي دكار|رالي داكار' },
  { slug: 'eurovision', subtype: 'COMPETITION', en: 'Eurovision', ar: 'يوروفيجن' },
  { slug: 'clasico', subtype: 'COMPETITION', en: 'El Clásico', ar: 'الكلاسيكو' },
  { slug: 'derby', subtype: 'COMPETITION', en: 'derby', ar: 'ديربي|الديربي' },

  // UN missions and multinational forces named as operations
  { slug: 'unifil', subtype: 'MISSION', en: 'UNIFIL', ar: 'يونيفيل|اليونيفيل|يونيفل|اليونيفل' },
  { slug: 'minusma', subtype: 'MISSION', en: 'MINUSMA', ar: 'مينوسما' },
  { slug: 'monusco', subtype: 'MISSION', en: 'MONUSCO', ar: 'مونوسكو' },
  { slug: 'unamid', subtype: 'MISSION', en: 'UNAMID', ar: 'يوناميد' },
  { slug: 'minurso', subtype: 'MISSION', en: 'MINURSO', ar: 'مينورسو' },
  { slug: 'undof', subtype: 'MISSION', en: 'UNDOF', ar: 'أندوف|الأندوف' },
  { slug: 'veto', subtype: 'EVENT', en: 'veto', ar: 'الفيتو|فيتو' },

  // weapons, vehicles, software and other products
  { slug: 'kalashnikov', subtype: 'PRODUCT', en: 'Kalashnikov', ar: 'كلاشنيكوف|الكلاشنيكوف|كلاشينكوف' },
  { slug: 'sukhoi', subtype: 'PRODUCT', en: 'Sukhoi', ar: 'سوخوي' },
  { slug: 'mig', subtype: 'PRODUCT', en: 'MiG', ar: 'ميغ' },
  { slug: 'merkava', subtype: 'PRODUCT', en: 'Merkava', ar: 'ميركافا' },
  { slug: 'f16', subtype: 'PRODUCT', en: 'F-16', ar: 'إف 16|اف 16' },
  { slug: 'f35', subtype: 'PRODUCT', en: 'F-35', ar: 'إف 35|اف 35' },
  { slug: 'apache', subtype: 'PRODUCT', en: 'Apache helicopter', ar: 'أباتشي|الأباتشي' },
  { slug: 'patriot', subtype: 'PRODUCT', en: 'Patriot missile', ar: 'باتريوت' },
  { slug: 's400', subtype: 'PRODUCT', en: 'S-400', ar: 'إس 400|اس 400' },
  { slug: 'iron-dome', subtype: 'PRODUCT', en: 'Iron Dome', ar: 'القبة الحديدية' },
  { slug: 'tomahawk', subtype: 'PRODUCT', en: 'Tomahawk', ar: 'توماهوك' },
  { slug: 'scud', subtype: 'PRODUCT', en: 'Scud', ar: 'سكود' },
  { slug: 'katyusha', subtype: 'PRODUCT', en: 'Katyusha', ar: 'كاتيوشا' },
  { slug: 'grad', subtype: 'PRODUCT', en: 'Grad rocket', ar: 'غراد' },
  { slug: 'drone-bayraktar', subtype: 'PRODUCT', en: 'Bayraktar', ar: 'بيرقدار' },
  { slug: 'hummer', subtype: 'PRODUCT', en: 'Humvee', ar: 'همفي|هامر' },
  { slug: 'iphone', subtype: 'PRODUCT', en: 'iPhone', ar: 'آيفون|ايفون' },
  { slug: 'windows', subtype: 'PRODUCT', en: 'Windows', ar: 'ويندوز' },
  { slug: 'android', subtype: 'PRODUCT', en: 'Android', ar: 'أندرويد' },
  { slug: 'wikipedia', subtype: 'PRODUCT', en: 'Wikipedia', ar: 'ويكيبيديا' },
  { slug: 'land-cruiser', subtype: 'PRODUCT', en: 'Land Cruiser', ar: 'لاند كروزر' },
  { slug: 'rover', subtype: 'PRODUCT', en: 'Rover', ar: 'روفر|رينج روفر|لاند روفر' },
  { slug: 'golf-car', subtype: 'PRODUCT', en: 'Volkswagen Golf', ar: 'غولف|جولف' },
  { slug: 'passat', subtype: 'PRODUCT', en: 'Volkswagen Passat', ar: 'باسات' },
  { slug: 'camry', subtype: 'PRODUCT', en: 'Toyota Camry', ar: 'كامري' },
  { slug: 'corolla', subtype: 'PRODUCT', en: 'Toyota Corolla', ar: 'كورولا' },
  { slug: 'pathfinder', subtype: 'PRODUCT', en: 'Nissan Pathfinder', ar: 'باثفايندر|الباثفيندر|باثفيندر' },
];

// ---------------------------------------------------------------------------------------------------------

const OUT = new URL('../model/kb/misc.json', import.meta.url);
const CORPUS = new URL('../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz', import.meta.url);

/** The KB file for the table (pure: no input but the table). */
export function miscKbFile(): KbFile {
  const seen = new Set<string>();
  const entries: KbEntry[] = TABLE.map((m) => {
    if (seen.has(m.slug)) throw new Error(`build-misc: duplicate slug ${m.slug}`);
    seen.add(m.slug);
    const ar = [...new Set(m.ar.split('|').map((a) => a.trim()).filter(Boolean))];
    return { id: `marsad:misc-${m.slug}`, type: 'MISC', subtype: m.subtype, en: m.en, ar, inflect: 'name' };
  });
  return { version: 1, source: 'hand-curated by marsad (scripts/build-misc.ts): currencies, religions, scriptures, holy sites and named buildings, events, prizes, competitions, UN missions, products', license: 'Apache-2.0', entries };
}

/** Count each name's folded token sequence in the corpus (with a و/ب/ل/ال-less first token too). */
async function check(file: KbFile): Promise<void> {
  const keys = new Map<string, number>();
  for (const e of file.entries) for (const a of e.ar) keys.set(nameKey(a), 0);
  const maxLen = Math.max(...[...keys.keys()].map((k) => k.split(' ').length));
  const rl = createInterface({ input: createReadStream(CORPUS).pipe(createGunzip()), crlfDelay: Infinity });
  let docs = 0;
  for await (const line of rl) {
    if (!line || ++docs > 20000) break;
    const doc = JSON.parse(line) as { title?: string; text?: string };
    const words = nameKey(`${doc.title ?? ''} ${doc.text ?? ''}`).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      let key = '';
      for (let k = 0; k < maxLen && i + k < words.length; k++) {
        key = k ? `${key} ${words[i + k]}` : words[i]!.replace(/^(?:[وف]?[بل]?)(?=ال)/, '');
        const n = keys.get(key);
        if (n !== undefined) keys.set(key, n + 1);
      }
    }
  }
  for (const e of file.entries) console.log(`${e.id.padEnd(32)} ${e.ar.map((a) => `${a}:${keys.get(nameKey(a))}`).join('  ')}`);
  const unseen = [...keys].filter(([, n]) => n === 0).map(([k]) => k);
  console.log(`${unseen.length} of ${keys.size} names unseen in ${docs} documents: ${unseen.join('، ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = miscKbFile();
  writeFileSync(OUT, '{"version":1,"source":' + JSON.stringify(file.source) + ',"license":"Apache-2.0","entries":[\n' + file.entries.map((e) => JSON.stringify(e)).join(',\n') + '\n]}\n');
  console.log(`wrote model/kb/misc.json (${file.entries.length} entries, ${file.entries.reduce((a, e) => a + e.ar.length, 0)} names)`);
  if (process.argv.includes('--check')) await check(file);
}

/**
 * The dashboard's two languages: Arabic (default, right to left) and English (left to right). Every label is in
 * both (the Arabic table is typed against the English one, so a missing translation does not compile); PLOVER type,
 * entity and modality names too; countries by the knowledge base's Arabic and English names. The choice is kept in
 * localStorage and sets `<html lang dir>`; static labels of index.html carry `data-i18n` (text),
 * `data-i18n-placeholder`, `data-i18n-title` and `data-i18n-aria-label` keys and are filled by `applyStaticLabels`.
 */
import COUNTRIES from 'virtual:marsad-countries';
import type { PloverType } from '../../src/types.js';

export type Lang = 'ar' | 'en';

const EN = {
  appName: 'Marsad',
  appTagline: 'Events in Arabic news',
  navOverview: 'Overview',
  navAnalyze: 'Analyze a text',
  searchLabel: 'Search the articles',
  searchPlaceholder: 'Search the articles…',
  searchButton: 'Search',
  langToggle: 'العربية',
  langToggleTitle: 'التبديل إلى العربية',
  tokenSummary: 'Write token',
  tokenLabel: 'The server’s token (marsad serve prints it at start); kept for this tab only',
  tokenSave: 'Keep',
  tokenSaved: 'Token kept for this tab',
  tokenCleared: 'Token forgotten',
  tokenNeeded: 'This needs the server’s token: enter it under “Write token” at the top of the page, then try again.',
  error: 'Error',
  networkError: 'Could not reach the server',
  notFound: 'There is no page here.',
  backToOverview: 'Back to the overview',
  noData: 'No data',
  untitled: '(untitled)',
  none: '—',
  arrow: '→',
  listSeparator: ', ',

  filtersTitle: 'Filters',
  since: 'From',
  until: 'To',
  types: 'Event types',
  allTypes: 'All types',
  selectedTypes: '{n} selected',
  clearTypes: 'Clear',
  country: 'Country',
  countryPlaceholder: 'e.g. Syria, IRQ',
  actor: 'Actor',
  actorPlaceholder: 'Name or country code',
  words: 'Words in the event sentence',
  onePerCluster: 'One report per event',
  onePerClusterTitle: 'Keep one row per real-world event reported by several articles',
  apply: 'Apply',
  reset: 'Reset',
  unknownCountry: 'Unknown country: {name}',

  timelineTitle: 'Timeline by event type',
  bucket: 'Period',
  bucket_auto: 'Automatic',
  bucket_day: 'Day',
  bucket_week: 'Week',
  bucket_month: 'Month',
  bucketShown: 'by {bucket}',
  outsideRange: '{n} dated events outside {from} – {to} are not drawn.',
  showFullRange: 'Show the full range',
  showCoreRange: 'Show the busy period',
  mapTitle: 'Map of event places',
  mapNote: '{n} places',
  networkTitle: 'Actor network',
  networkNote: '{nodes} actors, {edges} links',
  alertsTitle: 'Alerts',
  alertsDay: 'on {day}',
  alertsNone: 'No unusual rise on this day.',
  alertsExplain: 'Events of a country and type on one day against the 28 days before, per published article (exact test of two Poisson rates).',
  alertLine: '{count} events, {expected} expected',
  alertScore: 'score {score}',
  tableTitle: 'Events',
  colDate: 'Date',
  colType: 'Type',
  colActor: 'Actor',
  colRecipient: 'Recipient',
  colPlace: 'Place',
  colArticle: 'Article',
  colConfidence: 'Confidence',
  rowsShown: 'Rows {from}–{to}',
  tableScope: 'Events dated {from} – {to}, the period the timeline draws, newest first.',
  more: 'More',
  earlier: 'Earlier rows',
  noEvents: 'No events match these filters.',
  openDocument: 'Open the article at this event',

  searchTitle: 'Results for “{q}”',
  searchCount: '{n} articles',
  searchNone: 'No article matches.',
  searchEmpty: 'Type a word to search.',

  docSource: 'Source',
  docPublished: 'Published',
  docOriginal: 'Original article',
  docNearDuplicate: 'Near-duplicate of another article',
  docOrigin: 'Stored from',
  legendTitle: 'Highlights',
  kind_PER: 'Person',
  kind_ORG: 'Organization',
  kind_LOC: 'Place',
  kind_MISC: 'Other name',
  kind_time: 'Time expression',
  kind_quote: 'Quotation',
  kind_trigger: 'Event trigger',
  speaker: 'said by {name}',
  timeAnchor_published: 'resolved against the publication date',
  timeAnchor_reported: 'resolved against the reported statement',
  eventsTitle: 'Events ({n})',
  noDocEvents: 'No event was coded in this text.',
  confidence: 'Confidence {p}',
  placeLabel: 'Place',
  dateLabel: 'Date',
  dateSource_text: 'from the text',
  dateSource_dateline: 'from the dateline',
  dateSource_published: 'publication date',
  flag_negated: 'negated',
  flag_future: 'future',
  flag_hypothetical: 'hypothetical',
  attribution_claimed: 'claimed',
  attribution_alleged: 'alleged',
  attribution_reported: 'reported',
  planned: 'planned: {type}',
  size_dead: '{n} dead',
  size_injured: '{n} injured',
  size_arrested: '{n} arrested',
  size_participants: '{n} taking part',
  triggerLabel: 'Trigger',

  correct: 'Correct',
  correctionFormTitle: 'Correct this event',
  corrType: 'Type',
  corrUnchanged: '(unchanged)',
  corrActor: 'Actor (names or country codes, comma-separated)',
  corrRecipient: 'Recipient (names or country codes, comma-separated)',
  corrPlaceName: 'Place name',
  corrPlaceCountry: 'Place country (ISO3)',
  corrDate: 'Date (YYYY-MM-DD, YYYY-MM or YYYY)',
  corrWrong: 'This event is wrong (not an event, or not in this text)',
  corrAuthor: 'Analyst',
  corrNote: 'Note',
  corrSubmit: 'Save the correction',
  corrCancel: 'Cancel',
  corrEmpty: 'Nothing to correct was entered.',
  corrBadDate: 'The date must look like 2024-03-10, 2024-03 or 2024.',
  corrSaving: 'Saving…',
  corrSaved: 'Correction saved.',
  correctionsTitle: 'Corrections ({n})',
  corrWrongFlag: 'marked wrong',
  corrBy: 'by {author}',
  corrField_event: 'type',
  corrField_actor: 'actor',
  corrField_recipient: 'recipient',
  corrField_place: 'place',
  corrField_date: 'date',
  corrField_note: 'note',
  correctedBadge: 'corrected',
  wrongBadge: 'marked wrong',

  analyzeTitle: 'Analyze a text',
  analyzeHelp: 'Paste an Arabic article to see its names, times, quotations and events. Nothing is stored.',
  analyzeText: 'Article text',
  analyzeTitleField: 'Title (optional)',
  analyzePublished: 'Publication date (optional; resolves “yesterday”, “on Monday”…)',
  analyzeButton: 'Analyze',
  analyzeEmpty: 'Paste a text first.',
  analyzeRunning: 'Analyzing…',
  analyzeResult: 'Analysis (not stored)',
};

export type MessageKey = keyof typeof EN;

const AR: Record<MessageKey, string> = {
  appName: 'مرصد',
  appTagline: 'أحداث الأخبار العربية',
  navOverview: 'نظرة عامة',
  navAnalyze: 'تحليل نص',
  searchLabel: 'البحث في المقالات',
  searchPlaceholder: 'ابحث في المقالات…',
  searchButton: 'بحث',
  langToggle: 'English',
  langToggleTitle: 'Switch to English',
  tokenSummary: 'رمز الكتابة',
  tokenLabel: 'رمز الخادم (يطبعه الأمر marsad serve عند التشغيل)؛ يُحفظ لهذه النافذة فقط',
  tokenSave: 'حفظ',
  tokenSaved: 'حُفظ الرمز لهذه النافذة',
  tokenCleared: 'حُذف الرمز',
  tokenNeeded: 'يحتاج هذا الإجراء إلى رمز الخادم: أدخله في «رمز الكتابة» أعلى الصفحة ثم أعد المحاولة.',
  error: 'خطأ',
  networkError: 'تعذّر الاتصال بالخادم',
  notFound: 'لا توجد صفحة هنا.',
  backToOverview: 'العودة إلى النظرة العامة',
  noData: 'لا بيانات',
  untitled: '(بلا عنوان)',
  none: '—',
  arrow: '←',
  listSeparator: '، ',

  filtersTitle: 'المرشحات',
  since: 'من',
  until: 'إلى',
  types: 'أنواع الأحداث',
  allTypes: 'كل الأنواع',
  selectedTypes: 'المختارة: {n}',
  clearTypes: 'إلغاء التحديد',
  country: 'الدولة',
  countryPlaceholder: 'مثل: سوريا، IRQ',
  actor: 'الفاعل',
  actorPlaceholder: 'اسم أو رمز دولة',
  words: 'كلمات في جملة الحدث',
  onePerCluster: 'تقرير واحد لكل حدث',
  onePerClusterTitle: 'صف واحد لكل حدث واقعي تناقلته عدة مقالات',
  apply: 'تطبيق',
  reset: 'مسح',
  unknownCountry: 'دولة غير معروفة: {name}',

  timelineTitle: 'الخط الزمني حسب نوع الحدث',
  bucket: 'الفترة',
  bucket_auto: 'تلقائي',
  bucket_day: 'يوم',
  bucket_week: 'أسبوع',
  bucket_month: 'شهر',
  bucketShown: 'حسب {bucket}',
  outsideRange: 'لم تُرسم {n} من الأحداث المؤرخة خارج الفترة {from} – {to}.',
  showFullRange: 'عرض المدى كاملًا',
  showCoreRange: 'عرض الفترة الأكثر نشاطًا',
  mapTitle: 'خريطة أماكن الأحداث',
  mapNote: 'الأماكن: {n}',
  networkTitle: 'شبكة الفاعلين',
  networkNote: 'الفاعلون: {nodes}، الروابط: {edges}',
  alertsTitle: 'التنبيهات',
  alertsDay: 'يوم {day}',
  alertsNone: 'لا ارتفاع غير معتاد في هذا اليوم.',
  alertsExplain: 'أحداث دولة ونوع في يوم واحد مقارنةً بالأيام الثمانية والعشرين السابقة، نسبةً إلى عدد المقالات المنشورة (اختبار دقيق لمعدّلَي بواسون).',
  alertLine: 'الأحداث: {count}، المتوقع: {expected}',
  alertScore: 'الدرجة {score}',
  tableTitle: 'الأحداث',
  colDate: 'التاريخ',
  colType: 'النوع',
  colActor: 'الفاعل',
  colRecipient: 'المتلقي',
  colPlace: 'المكان',
  colArticle: 'المقال',
  colConfidence: 'الثقة',
  rowsShown: 'الصفوف {from}–{to}',
  tableScope: 'الأحداث المؤرخة من {from} إلى {to}، وهي الفترة المرسومة في الخط الزمني، من الأحدث إلى الأقدم.',
  more: 'المزيد',
  earlier: 'الصفوف السابقة',
  noEvents: 'لا أحداث تطابق هذه المرشحات.',
  openDocument: 'فتح المقال عند هذا الحدث',

  searchTitle: 'نتائج البحث عن «{q}»',
  searchCount: 'المقالات: {n}',
  searchNone: 'لا مقالات مطابقة.',
  searchEmpty: 'اكتب كلمة للبحث.',

  docSource: 'المصدر',
  docPublished: 'تاريخ النشر',
  docOriginal: 'المقال الأصلي',
  docNearDuplicate: 'نسخة شبه مطابقة لمقال آخر',
  docOrigin: 'مصدر الإدخال',
  legendTitle: 'التظليل',
  kind_PER: 'شخص',
  kind_ORG: 'منظمة',
  kind_LOC: 'مكان',
  kind_MISC: 'اسم آخر',
  kind_time: 'تعبير زمني',
  kind_quote: 'اقتباس',
  kind_trigger: 'كلمة الحدث',
  speaker: 'على لسان {name}',
  timeAnchor_published: 'محسوب من تاريخ النشر',
  timeAnchor_reported: 'محسوب من تاريخ التصريح المنقول',
  eventsTitle: 'الأحداث ({n})',
  noDocEvents: 'لم يُرمَّز أي حدث في هذا النص.',
  confidence: 'الثقة {p}',
  placeLabel: 'المكان',
  dateLabel: 'التاريخ',
  dateSource_text: 'من النص',
  dateSource_dateline: 'من سطر التاريخ',
  dateSource_published: 'تاريخ النشر',
  flag_negated: 'منفي',
  flag_future: 'مستقبلي',
  flag_hypothetical: 'افتراضي',
  attribution_claimed: 'تبنٍّ',
  attribution_alleged: 'مزعوم',
  attribution_reported: 'منقول',
  planned: 'مخطط: {type}',
  size_dead: 'قتلى: {n}',
  size_injured: 'جرحى: {n}',
  size_arrested: 'معتقلون: {n}',
  size_participants: 'مشاركون: {n}',
  triggerLabel: 'كلمة الحدث',

  correct: 'تصحيح',
  correctionFormTitle: 'تصحيح هذا الحدث',
  corrType: 'النوع',
  corrUnchanged: '(بلا تغيير)',
  corrActor: 'الفاعل (أسماء أو رموز دول، تفصل بينها فواصل)',
  corrRecipient: 'المتلقي (أسماء أو رموز دول، تفصل بينها فواصل)',
  corrPlaceName: 'اسم المكان',
  corrPlaceCountry: 'دولة المكان (رمز ISO3)',
  corrDate: 'التاريخ (YYYY-MM-DD أو YYYY-MM أو YYYY)',
  corrWrong: 'هذا الحدث خاطئ (ليس حدثًا، أو ليس في هذا النص)',
  corrAuthor: 'المحلل',
  corrNote: 'ملاحظة',
  corrSubmit: 'حفظ التصحيح',
  corrCancel: 'إلغاء',
  corrEmpty: 'لم يُدخل أي تصحيح.',
  corrBadDate: 'يجب أن يكون التاريخ مثل 2024-03-10 أو 2024-03 أو 2024.',
  corrSaving: 'جارٍ الحفظ…',
  corrSaved: 'حُفظ التصحيح.',
  correctionsTitle: 'التصحيحات ({n})',
  corrWrongFlag: 'معلَّم كخاطئ',
  corrBy: 'بواسطة {author}',
  corrField_event: 'النوع',
  corrField_actor: 'الفاعل',
  corrField_recipient: 'المتلقي',
  corrField_place: 'المكان',
  corrField_date: 'التاريخ',
  corrField_note: 'ملاحظة',
  correctedBadge: 'مصحَّح',
  wrongBadge: 'معلَّم كخاطئ',

  analyzeTitle: 'تحليل نص',
  analyzeHelp: 'الصق مقالًا عربيًا لترى أسماءه وتعابيره الزمنية واقتباساته وأحداثه. لا يُحفظ شيء.',
  analyzeText: 'نص المقال',
  analyzeTitleField: 'العنوان (اختياري)',
  analyzePublished: 'تاريخ النشر (اختياري؛ تُحسب منه «أمس» و«يوم الاثنين»…)',
  analyzeButton: 'حلّل',
  analyzeEmpty: 'الصق نصًا أولًا.',
  analyzeRunning: 'جارٍ التحليل…',
  analyzeResult: 'نتيجة التحليل (غير محفوظة)',
};

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en: EN, ar: AR };

const TYPE_NAMES: Record<Lang, Record<PloverType, string>> = {
  en: {
    AGREE: 'Agree', CONSULT: 'Consult', SUPPORT: 'Support', CONCEDE: 'Concede', COOPERATE: 'Cooperate', AID: 'Aid',
    RETREAT: 'Retreat', REQUEST: 'Request', ACCUSE: 'Accuse', REJECT: 'Reject', THREATEN: 'Threaten', PROTEST: 'Protest',
    SANCTION: 'Sanction', MOBILIZE: 'Mobilize', COERCE: 'Coerce', ASSAULT: 'Assault',
  },
  ar: {
    AGREE: 'اتفاق', CONSULT: 'تشاور', SUPPORT: 'دعم', CONCEDE: 'تنازل', COOPERATE: 'تعاون', AID: 'مساعدة',
    RETREAT: 'انسحاب', REQUEST: 'طلب', ACCUSE: 'اتهام', REJECT: 'رفض', THREATEN: 'تهديد', PROTEST: 'احتجاج',
    SANCTION: 'عقوبات', MOBILIZE: 'تعبئة', COERCE: 'إكراه', ASSAULT: 'اعتداء',
  },
};

const LANG_KEY = 'marsad.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ar';
  } catch {
    return 'ar';
  }
}

let current: Lang = storedLang();
let numberFormat = new Intl.NumberFormat(current === 'ar' ? 'ar-u-nu-latn' : 'en');

/** The language in use. */
export const lang = (): Lang => current;

/** Switch language: `<html lang dir>`, static labels, and the stored choice (the caller re-renders the view). */
export function setLang(next: Lang): void {
  current = next;
  numberFormat = new Intl.NumberFormat(next === 'ar' ? 'ar-u-nu-latn' : 'en');
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Storage refused: the choice lasts for this page.
  }
  applyStaticLabels();
}

/** A label, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = MESSAGES[current][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : typeof value === 'number' ? formatNumber(value) : value;
  });
}

/** A PLOVER type's name in the current language. */
export const typeLabel = (type: PloverType): string => TYPE_NAMES[current][type];

/** A number in the current language's format (Latin digits in both). */
export const formatNumber = (n: number): string => numberFormat.format(n);

/** A country's (or IGO's) name in the current language, or the code itself when unknown. */
export function countryName(code: string | null | undefined): string {
  if (!code) return t('none');
  const names = COUNTRIES[code];
  return names ? names[current === 'ar' ? 0 : 1] : code;
}

/** Fold a name for matching typed input: case, hamza/alef forms, ta marbuta, alef maqsura, tashkeel, "al-". */
function nameKey(s: string): string {
  return s.toLowerCase().normalize('NFKC').replace(/[\u064b-\u065f\u0670\u0640]/g, '').replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي').replace(/ة/g, 'ه').replace(/^ال/, '').replace(/[\s.'’-]+/g, ' ').trim();
}

let countryIndex: Map<string, string> | null = null;

/** The ISO3 code a typed country (a code, or an Arabic or English name) stands for, or null. */
export function countryCode(input: string): string | null {
  const trimmed = input.trim();
  if (/^[A-Za-z]{3}$/.test(trimmed) && COUNTRIES[trimmed.toUpperCase()]) return trimmed.toUpperCase();
  if (countryIndex === null) {
    countryIndex = new Map();
    for (const [code, names] of Object.entries(COUNTRIES)) for (const name of names) countryIndex.set(nameKey(name), code);
  }
  return countryIndex.get(nameKey(trimmed)) ?? (/^[A-Za-z]{3}$/.test(trimmed) ? trimmed.toUpperCase() : null);
}

/** Every known country code with its name in the current language, sorted by name. */
export function countryOptions(): Array<{ code: string; name: string }> {
  const collator = new Intl.Collator(current);
  return Object.keys(COUNTRIES).map((code) => ({ code, name: countryName(code) })).sort((a, b) => collator.compare(a.name, b.name));
}

/** Fill the static labels of the page (elements with `data-i18n*` attributes) and set `<html lang dir>`. */
export function applyStaticLabels(root: ParentNode = document): void {
  const html = document.documentElement;
  html.lang = current;
  html.dir = current === 'ar' ? 'rtl' : 'ltr';
  document.title = `${t('appName')} — ${t('appTagline')}`;
  // The toggle names the other language, in that language.
  root.querySelector('[data-testid="lang-toggle"]')?.setAttribute('lang', current === 'ar' ? 'en' : 'ar');
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder as MessageKey));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel as MessageKey));
}

/**
 * The charts' words and number and date formats in the interface language. Arabic uses Arabic month names with
 * Latin digits throughout (`ar-u-nu-latn`, as most Arabic news sites print numbers), English uses day-month-year
 * order; dates are calendar days in UTC, as the API's periods are.
 */
import type { ChartOptions } from './types.js';

type Lang = ChartOptions['lang'];

/** The BCP 47 locale of the charts' numbers and dates in `lang`. */
export function chartLocale(lang: Lang): string {
  return lang === 'ar' ? 'ar-u-nu-latn' : 'en-GB';
}

/** The charts' fixed texts. */
export interface ChartText {
  total: string;
  events: string;
  country: string;
  actor: string;
  recipient: string;
  timelineLabel: string;
  timelineEmpty: string;
  mapLabel: string;
  mapEmpty: string;
  networkLabel: string;
  networkEmpty: string;
  zoomIn: string;
  zoomOut: string;
  resetView: string;
  legend: string;
}

const TEXT: Record<Lang, ChartText> = {
  ar: {
    total: 'المجموع',
    events: 'عدد الأحداث',
    country: 'البلد',
    actor: 'الفاعل',
    recipient: 'المتلقي',
    timelineLabel: 'عدد الأحداث عبر الزمن حسب النوع',
    timelineEmpty: 'لا توجد أحداث تطابق عوامل التصفية',
    mapLabel: 'خريطة أماكن الأحداث',
    mapEmpty: 'لا توجد أحداث محددة المكان تطابق عوامل التصفية',
    networkLabel: 'شبكة الفاعلين: من فعل ماذا بمن',
    networkEmpty: 'لا يوجد فاعلون في الأحداث المطابقة لعوامل التصفية',
    zoomIn: 'تكبير',
    zoomOut: 'تصغير',
    resetView: 'إعادة العرض',
    legend: 'أنواع الأحداث',
  },
  en: {
    total: 'Total',
    events: 'Events',
    country: 'Country',
    actor: 'Actor',
    recipient: 'Recipient',
    timelineLabel: 'Events over time by type',
    timelineEmpty: 'No events match the filters',
    mapLabel: 'Map of event locations',
    mapEmpty: 'No located events match the filters',
    networkLabel: 'Actor network: who did what to whom',
    networkEmpty: 'No actors in the events matching the filters',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetView: 'Reset view',
    legend: 'Event types',
  },
};

/** The fixed texts in `lang`. */
export function chartText(lang: Lang): ChartText {
  return TEXT[lang];
}

/** Formats counts in `lang` (grouped thousands). */
export function countFormatter(lang: Lang): (count: number) => string {
  const format = new Intl.NumberFormat(chartLocale(lang), { maximumFractionDigits: 0 });
  return (count) => format.format(count);
}

/** Date formats of a chart in `lang`, all over UTC milliseconds of a calendar day. */
export interface DateFormats {
  /** "3 Mar" / "3 مارس". */
  dayMonth: (ms: number) => string;
  /** "Mar" / "مارس". */
  month: (ms: number) => string;
  /** "2024". */
  year: (ms: number) => string;
  /** "3 March 2024" / "3 مارس 2024". */
  fullDay: (ms: number) => string;
  /** "March 2024" / "مارس 2024". */
  monthYear: (ms: number) => string;
  /** "3–9 March 2024" / "3–9 مارس 2024": a span of days. */
  dayRange: (startMs: number, endMs: number) => string;
}

/** The date formats of `lang`. */
export function dateFormats(lang: Lang): DateFormats {
  const locale = chartLocale(lang);
  const make = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  const dayMonth = make({ day: 'numeric', month: 'short' });
  const month = make({ month: 'short' });
  const year = make({ year: 'numeric' });
  const fullDay = make({ day: 'numeric', month: 'long', year: 'numeric' });
  const monthYear = make({ month: 'long', year: 'numeric' });
  return {
    dayMonth: (ms) => dayMonth.format(ms),
    month: (ms) => month.format(ms),
    year: (ms) => year.format(ms),
    fullDay: (ms) => fullDay.format(ms),
    monthYear: (ms) => monthYear.format(ms),
    dayRange: (startMs, endMs) => fullDay.formatRange(startMs, endMs),
  };
}

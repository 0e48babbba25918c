/**
 * The timeline chart: events per period stacked by PLOVER type (cooperative at the bottom, conflictual on top), one
 * column per period from the first to the last with empty periods drawn as zero, a count axis with round ticks, a
 * calendar time axis labelled in the interface language, a legend of the types present (a click selects a type),
 * a tooltip per period (its dates, counts by type, total) and a click on a period selecting its first to last day.
 * Time runs left to right in both languages; in Arabic the count axis stands on the right and the legend is aligned
 * right. The chart redraws when the host's width changes.
 */
import type { TimelineRow } from '../../../src/store/store.js';
import type { PloverType } from '../../../src/types.js';
import './charts.css';
import { chartRoot, emptyMessage, htmlElement, px, svgElement } from './dom.js';
import { chartText, countFormatter, dateFormats, type DateFormats } from './format.js';
import { bucketDays, fillPeriods, formatDay, inferBucket, parseDay, periodEnd, tickIndexes, tickLevel, type Bucket, type TickFormat } from './periods.js';
import { Tooltip, type TooltipContent } from './tooltip.js';
import { TYPE_COLORS, countsByType, typeOrder } from './type-colors.js';
import type { ChartOptions } from './types.js';

/** Options of the timeline: the shared ones and what a click selects. */
export type TimelineOptions = ChartOptions & {
  /** A period was clicked: its first and last day (YYYY-MM-DD). */
  onSelectPeriod?: (since: string, until: string) => void;
  /** A legend entry was clicked. */
  onSelectType?: (type: PloverType) => void;
};

/** The rows arranged by period. */
interface TimelineModel {
  bucket: Bucket;
  /** Period starts, UTC ms, ascending, without gaps. */
  periods: number[];
  /** Counts by type of each period. */
  counts: Array<Partial<Record<PloverType, number>>>;
  totals: number[];
  /** Events of each type over all periods. */
  typeTotals: Partial<Record<PloverType, number>>;
}

/** Height of the drawing, in pixels. */
const HEIGHT = 260;
/** Width drawn while the host has none yet (hidden); the resize observer redraws when it gets one. */
const FALLBACK_WIDTH = 640;
const MARGIN = { top: 12, bottom: 42, axis: 48, far: 16 };
/** Rough width of a label character at the axis font size, for spacing and keeping labels inside. */
const CHAR_PX = 6.6;

/** The resize observer of each host's timeline, so that a new render drops the previous one's. */
const observers = new WeakMap<HTMLElement, ResizeObserver>();

/** Draw the timeline of `rows` into `host`, replacing its content. */
export function renderTimeline(host: HTMLElement, rows: TimelineRow[], options: TimelineOptions): void {
  observers.get(host)?.disconnect();
  observers.delete(host);
  const root = chartRoot(host, 'timeline', options.lang);
  const text = chartText(options.lang);
  const model = timelineModel(rows, options.bucket);
  if (model.periods.length === 0) {
    emptyMessage(text.timelineEmpty, root);
    return;
  }
  drawLegend(root, model, options);
  const plot = htmlElement('div', 'marsad-chart__plot', {}, root);
  const tooltip = new Tooltip(root);
  let drawnWidth = -1;
  const draw = (): void => {
    const width = plot.clientWidth > 0 ? plot.clientWidth : FALLBACK_WIDTH;
    if (Math.abs(width - drawnWidth) < 1) return;
    drawnWidth = width;
    tooltip.hide();
    plot.replaceChildren(drawPlot(model, width, options, tooltip));
  };
  draw();
  const observer = new ResizeObserver(draw);
  observer.observe(plot);
  observers.set(host, observer);
}

/** Arrange the rows by period, filling the periods without events. */
function timelineModel(rows: readonly TimelineRow[], bucket: Bucket | undefined): TimelineModel {
  const byPeriod = new Map<number, Partial<Record<PloverType, number>>>();
  const typeTotals: Partial<Record<PloverType, number>> = {};
  for (const row of rows) {
    const ms = parseDay(row.period);
    if (Number.isNaN(ms) || !Object.hasOwn(TYPE_COLORS, row.event) || !(row.count > 0)) continue;
    const counts = byPeriod.get(ms) ?? {};
    counts[row.event] = (counts[row.event] ?? 0) + row.count;
    byPeriod.set(ms, counts);
    typeTotals[row.event] = (typeTotals[row.event] ?? 0) + row.count;
  }
  const resolved = bucket ?? inferBucket([...byPeriod.keys()]);
  const periods = fillPeriods([...byPeriod.keys()], resolved);
  const counts = periods.map((ms) => byPeriod.get(ms) ?? {});
  const totals = counts.map((byType) => Object.values(byType).reduce((sum, n) => sum + n, 0));
  return { bucket: resolved, periods, counts, totals, typeTotals };
}

/** The legend: the types present, PLOVER order, each a button when types can be selected. */
function drawLegend(root: HTMLElement, model: TimelineModel, options: TimelineOptions): void {
  const formatCount = countFormatter(options.lang);
  const legend = htmlElement('ul', 'marsad-chart__legend', { 'aria-label': chartText(options.lang).legend }, root);
  for (const type of typeOrder()) {
    const total = model.typeTotals[type];
    if (total === undefined) continue;
    const item = htmlElement('li', 'marsad-chart__legend-entry', {}, legend);
    const onSelectType = options.onSelectType;
    const entry = onSelectType === undefined
      ? htmlElement('span', 'marsad-chart__legend-item', { 'data-type': type }, item)
      : htmlElement('button', 'marsad-chart__legend-item', { type: 'button', 'data-type': type }, item);
    if (onSelectType !== undefined) entry.addEventListener('click', () => onSelectType(type));
    htmlElement('span', 'marsad-chart__swatch', {}, entry).style.backgroundColor = TYPE_COLORS[type];
    htmlElement('span', 'marsad-chart__legend-label', {}, entry).textContent = options.typeLabel(type);
    htmlElement('span', 'marsad-chart__legend-count', {}, entry).textContent = formatCount(total);
  }
}

/** Round steps of a count axis: 1, 2 or 5 times a power of ten, at least 1, about `count` of them up to `max`. */
function countStep(max: number, count: number): number {
  const raw = max / Math.max(1, count);
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? 10 * power;
}

/** The SVG of the timeline `width` pixels wide. */
function drawPlot(model: TimelineModel, width: number, options: TimelineOptions, tooltip: Tooltip): SVGSVGElement {
  const text = chartText(options.lang);
  const dates = dateFormats(options.lang);
  const formatCount = countFormatter(options.lang);
  const rtl = options.lang === 'ar';
  const left = rtl ? MARGIN.far : MARGIN.axis;
  const right = rtl ? MARGIN.axis : MARGIN.far;
  const plotWidth = Math.max(10, width - left - right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const bottom = MARGIN.top + plotHeight;
  const n = model.periods.length;
  const band = plotWidth / n;
  const barWidth = band >= 4 ? band * 0.8 : band;
  const max = Math.max(1, ...model.totals);
  const step = countStep(max, Math.max(2, Math.floor(plotHeight / 45)));
  const top = Math.ceil(max / step) * step;
  const yOf = (value: number): number => bottom - (value / top) * plotHeight;

  const svg = svgElement('svg', {
    class: 'marsad-chart__svg', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-label': text.timelineLabel,
  });

  // Count axis: grid lines and labels on the axis side.
  const grid = svgElement('g', { class: 'marsad-chart__grid' }, svg);
  const labelX = rtl ? left + plotWidth + 6 : left - 6;
  for (let value = 0; value <= top; value += step) {
    const y = px(yOf(value));
    svgElement('line', { x1: left, x2: left + plotWidth, y1: y, y2: y, class: value === 0 ? 'marsad-chart__baseline' : 'marsad-chart__gridline' }, grid);
    const label = svgElement('text', { x: labelX, y, dy: '0.32em', 'text-anchor': rtl ? 'start' : 'end', class: 'marsad-chart__tick-label' }, grid);
    label.textContent = formatCount(value);
  }

  // Columns: a transparent hit area the height of the plot and the stacked bars.
  const columns = svgElement('g', { class: 'marsad-timeline__columns' }, svg);
  const order = typeOrder();
  model.periods.forEach((ms, i) => {
    const period = formatDay(ms);
    const column = svgElement('g', { class: 'marsad-timeline__period', 'data-index': i, 'data-period': period }, columns);
    const x = left + i * band;
    svgElement('rect', { class: 'marsad-timeline__hit', x: px(x), y: MARGIN.top, width: px(band), height: plotHeight }, column);
    let stacked = 0;
    for (const type of order) {
      const count = model.counts[i]![type];
      if (count === undefined) continue;
      const y1 = yOf(stacked);
      stacked += count;
      const y0 = yOf(stacked);
      svgElement('rect', {
        'data-testid': 'timeline-bar', 'data-type': type, 'data-period': period, class: 'marsad-timeline__bar',
        x: px(x + (band - barWidth) / 2), y: px(y0), width: px(barWidth), height: px(y1 - y0), fill: TYPE_COLORS[type],
      }, column);
    }
  });

  drawTimeAxis(svg, model, { left, band, bottom, width }, dates);

  let shown = -1;
  const columnOf = (target: EventTarget | null): number => {
    const column = target instanceof Element ? target.closest('.marsad-timeline__period') : null;
    return column === null ? -1 : Number(column.getAttribute('data-index'));
  };
  svg.addEventListener('pointermove', (event) => {
    const i = columnOf(event.target);
    if (i < 0) {
      shown = -1;
      tooltip.hide();
    } else if (i !== shown) {
      shown = i;
      tooltip.show(periodContent(model, i, options, dates, formatCount), event.clientX, event.clientY);
    } else {
      tooltip.moveTo(event.clientX, event.clientY);
    }
  });
  svg.addEventListener('pointerleave', () => {
    shown = -1;
    tooltip.hide();
  });
  const onSelectPeriod = options.onSelectPeriod;
  if (onSelectPeriod !== undefined) {
    svg.classList.add('is-selectable');
    svg.addEventListener('click', (event) => {
      const i = columnOf(event.target);
      const ms = model.periods[i];
      if (ms !== undefined) onSelectPeriod(formatDay(ms), formatDay(periodEnd(ms, model.bucket)));
    });
  }
  return svg;
}

/** The time axis: ticks where a calendar unit (day … decade) begins, spaced for their labels. */
function drawTimeAxis(svg: SVGSVGElement, model: TimelineModel, frame: { left: number; band: number; bottom: number; width: number }, dates: DateFormats): void {
  const axis = svgElement('g', { class: 'marsad-chart__axis' }, svg);
  const minSpacing: Record<TickFormat, number> = { day: 8 * CHAR_PX + 12, month: 6 * CHAR_PX + 12, year: 4 * CHAR_PX + 14 };
  const level = tickLevel(model.bucket, frame.band, (format) => minSpacing[format]);
  const centred = level.days <= bucketDays(model.bucket);
  let previousYear: string | null = null;
  for (const i of tickIndexes(model.periods, model.bucket, level)) {
    const ms = model.periods[i]!;
    const x = frame.left + (i + (centred ? 0.5 : 0)) * frame.band;
    svgElement('line', { class: 'marsad-chart__tick', x1: px(x), x2: px(x), y1: frame.bottom, y2: frame.bottom + 5 }, axis);
    const year = dates.year(ms);
    const lines = level.format === 'year' ? [year] : [level.format === 'day' ? dates.dayMonth(ms) : dates.month(ms)];
    if (level.format !== 'year' && year !== previousYear) lines.push(year);
    previousYear = year;
    const half = (Math.max(...lines.map((line) => line.length)) * CHAR_PX) / 2;
    const labelX = Math.min(frame.width - 2 - half, Math.max(2 + half, x));
    lines.forEach((line, row) => {
      const label = svgElement('text', { class: row === 0 ? 'marsad-chart__tick-label' : 'marsad-chart__tick-label is-secondary', x: px(labelX), y: frame.bottom + 17 + row * 14, 'text-anchor': 'middle' }, axis);
      label.textContent = line;
    });
  }
}

/** The tooltip of period `i`: its dates, counts by type (largest first) and total. */
function periodContent(model: TimelineModel, i: number, options: TimelineOptions, dates: DateFormats, formatCount: (n: number) => string): TooltipContent {
  const ms = model.periods[i]!;
  const end = periodEnd(ms, model.bucket);
  const title = model.bucket === 'month' ? dates.monthYear(ms) : end > ms ? dates.dayRange(ms, end) : dates.fullDay(ms);
  return {
    title,
    rows: [
      ...countsByType(model.counts[i]!).map(({ type, count }) => ({ label: options.typeLabel(type), value: formatCount(count), color: TYPE_COLORS[type] })),
      { label: chartText(options.lang).total, value: formatCount(model.totals[i]!), strong: true },
    ],
  };
}

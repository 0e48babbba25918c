/**
 * A document's text with its annotations highlighted: entities by type, time expressions, quotations and event
 * triggers, which may overlap and nest. Every span boundary (and the boundaries of the events' sentences, so a
 * sentence can be lit when its event is chosen) cuts the text into segments; a sweep over the sorted boundaries
 * gives each segment the set of spans covering it, rendered as one `<span>` with a class per kind (text only,
 * through the DOM: the document's content is never parsed as HTML).
 */
import type { AnnotatedDoc, PloverType, Range } from '../../../src/types.js';
import { TYPE_COLORS } from '../charts/type-colors.js';
import { h } from '../dom.js';
import { countryName, t, typeLabel, type MessageKey } from '../i18n.js';

/** The kinds of highlight, in legend order. */
export const MARK_KINDS = ['PER', 'ORG', 'LOC', 'MISC', 'time', 'quote', 'trigger'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/** One highlighted span. */
export interface Mark extends Range {
  kind: MarkKind;
  /** Tooltip. */
  title: string;
  /** For triggers: the events it triggers, and the first one's type colour. */
  eventIds?: string[];
  color?: string;
}

/** The label of a highlight kind. */
export const kindLabel = (kind: MarkKind): string => t(`kind_${kind}` as MessageKey);

/** The highlights of a document. */
export function documentMarks(doc: AnnotatedDoc): Mark[] {
  const marks: Mark[] = [];
  for (const e of doc.entities) {
    const details = [e.name && e.name !== e.text ? e.name : null, e.country ? countryName(e.country) : null, e.subtype ?? null].filter(Boolean).join(' · ');
    marks.push({ start: e.start, end: e.end, kind: e.type, title: `${kindLabel(e.type)}${details ? `: ${details}` : ''}` });
  }
  for (const time of doc.times) {
    const anchor = time.anchor ? ` (${t(`timeAnchor_${time.anchor}`)})` : '';
    marks.push({ start: time.start, end: time.end, kind: 'time', title: `${kindLabel('time')}: ${time.value}${anchor}` });
  }
  for (const q of doc.quotes) {
    marks.push({ start: q.start, end: q.end, kind: 'quote', title: `${kindLabel('quote')}${q.speaker ? ` — ${t('speaker', { name: q.speaker.text })}` : ''}` });
  }
  const triggers = new Map<string, { start: number; end: number; ids: string[]; types: PloverType[] }>();
  for (const e of doc.events) {
    const key = `${e.trigger.start}:${e.trigger.end}`;
    const entry = triggers.get(key) ?? { start: e.trigger.start, end: e.trigger.end, ids: [], types: [] };
    entry.ids.push(e.id);
    if (!entry.types.includes(e.event)) entry.types.push(e.event);
    triggers.set(key, entry);
  }
  for (const trig of triggers.values()) {
    marks.push({
      start: trig.start, end: trig.end, kind: 'trigger', eventIds: trig.ids, color: TYPE_COLORS[trig.types[0]!],
      title: `${kindLabel('trigger')}: ${trig.types.map(typeLabel).join(t('listSeparator'))}`,
    });
  }
  return marks;
}

/**
 * Render the text with the marks; segments inside one of `sentences` (by index) carry `data-sentence`, and trigger
 * segments `data-events` (space-separated event ids).
 */
export function renderHighlightedText(text: string, marks: readonly Mark[], sentences: ReadonlyMap<number, Range>): HTMLElement {
  const container = h('div', { class: 'doc-text', testid: 'doc-text', attrs: { dir: 'auto', lang: 'ar' } });
  const valid = marks.filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end <= text.length && m.start < m.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const sents = [...sentences].filter(([, r]) => r.start >= 0 && r.end <= text.length && r.start < r.end).sort((a, b) => a[1].start - b[1].start);
  const cuts = new Set<number>([0, text.length]);
  for (const m of valid) cuts.add(m.start).add(m.end);
  for (const [, r] of sents) cuts.add(r.start).add(r.end);
  const bounds = [...cuts].sort((a, b) => a - b);

  let next = 0;
  let sentenceAt = 0;
  let active: Mark[] = [];
  const fragment = document.createDocumentFragment();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    active = active.filter((m) => m.end > from);
    while (next < valid.length && valid[next]!.start <= from) {
      const m = valid[next++]!;
      if (m.end > from) active.push(m);
    }
    const piece = text.slice(from, to);
    while (sentenceAt < sents.length && sents[sentenceAt]![1].end <= from) sentenceAt++;
    const candidate = sents[sentenceAt];
    const sentence = candidate && candidate[1].start <= from && candidate[1].end >= to ? candidate : undefined;
    if (active.length === 0 && sentence === undefined) {
      fragment.append(piece);
      continue;
    }
    const span = h('span', null, piece);
    if (sentence !== undefined) span.dataset.sentence = String(sentence[0]);
    if (active.length > 0) {
      const kinds = [...new Set(active.map((m) => m.kind))];
      span.className = ['hl', ...kinds.map((k) => `hl-${k}`)].join(' ');
      span.dataset.testid = 'hl';
      span.dataset.kinds = kinds.join(' ');
      span.title = active.map((m) => m.title).join('\n');
      const trigger = active.find((m) => m.kind === 'trigger');
      if (trigger?.eventIds) {
        span.dataset.events = trigger.eventIds.join(' ');
        if (trigger.color) span.style.setProperty('--event-color', trigger.color);
      }
    }
    fragment.append(span);
  }
  container.append(fragment);
  return container;
}

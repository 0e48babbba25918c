/**
 * The document renderer shared by the stored document view and the analyze view: a header (title, outlet, date,
 * the original's link only when it is http(s), opened without referrer or opener), the legend (each kind of
 * highlight can be hidden), the highlighted text, and the events beside it as cards. Choosing a card lights its
 * sentence and trigger; clicking a trigger in the text brings its card forward.
 */
import type { AnnotatedDoc, Correction } from '../api.js';
import { externalLink, h } from '../dom.js';
import { formatDay } from '../format.js';
import { t } from '../i18n.js';
import { docHash } from '../router.js';
import type { PloverEvent, Range } from '../../../src/types.js';
import { createEventCard } from './event-card.js';
import { documentMarks, kindLabel, MARK_KINDS, renderHighlightedText } from './highlight.js';

/** Metadata of a stored document shown in its header. */
export interface StoredMeta {
  origin: string;
  nearDuplicateOf: { id: string; similarity: number } | null;
}

/** The document's header. */
export function documentHeader(doc: AnnotatedDoc, stored: StoredMeta | null): HTMLElement {
  const meta = h('p', { class: 'doc-meta' });
  const item = (label: string, ...value: Array<Node | string>): void => {
    meta.append(h('span', { class: 'doc-meta-item' }, h('span', { class: 'doc-meta-label' }, `${label}: `), ...value));
  };
  if (doc.source) item(t('docSource'), h('bdi', null, doc.source));
  if (doc.published) item(t('docPublished'), h('bdi', null, formatDay(doc.published)));
  const link = externalLink(doc.url, t('docOriginal'), { testid: 'doc-url' });
  if (link) meta.append(h('span', { class: 'doc-meta-item' }, link));
  if (stored?.nearDuplicateOf) {
    meta.append(h('span', { class: 'doc-meta-item' }, h('a', { attrs: { href: docHash(stored.nearDuplicateOf.id) } }, t('docNearDuplicate'))));
  }
  if (stored) item(t('docOrigin'), h('bdi', null, stored.origin));
  return h('header', { class: 'doc-header' }, h('h1', { testid: 'doc-title', attrs: { dir: 'auto' } }, doc.title || t('untitled')), meta);
}

/** The rendered body and a way to open it at one event. */
export interface RenderedDocument {
  root: HTMLElement;
  /** Pin an event (after the body is in the page: it scrolls to it). */
  focusEvent(eventId: string): void;
}

/** Render the text with its highlights and the event cards. */
export function renderDocumentBody(doc: AnnotatedDoc, options: { corrections: readonly Correction[]; canCorrect: boolean }): RenderedDocument {
  const sentences = new Map<number, Range>();
  for (const e of doc.events) {
    const range = doc.sentences[e.sentence];
    if (range) sentences.set(e.sentence, range);
  }
  const text = renderHighlightedText(doc.text, documentMarks(doc), sentences);

  const toggles = MARK_KINDS.map((kind) => {
    const box = h('input', { testid: `legend-${kind}`, attrs: { type: 'checkbox', checked: true } });
    box.addEventListener('change', () => text.classList.toggle(`hide-${kind}`, !box.checked));
    return h('label', { class: 'legend-item' }, box, h('span', { class: `hl hl-${kind} legend-sample` }, kindLabel(kind)));
  });
  const legend = h('div', { class: 'legend', testid: 'legend', attrs: { role: 'group', 'aria-label': t('legendTitle') } },
    h('span', { class: 'legend-title' }, t('legendTitle')), ...toggles);

  const events = [...doc.events].sort((a, b) => a.trigger.start - b.trigger.start || a.id.localeCompare(b.id));
  const cards = new Map<string, HTMLElement>();
  let pinned: PloverEvent | null = null;

  const clear = (): void => {
    for (const el of text.querySelectorAll('.is-active, .is-active-trigger')) el.classList.remove('is-active', 'is-active-trigger');
    for (const card of cards.values()) card.classList.remove('is-active');
  };
  const light = (e: PloverEvent): HTMLElement | null => {
    clear();
    for (const el of text.querySelectorAll(`[data-sentence="${e.sentence}"]`)) el.classList.add('is-active');
    const triggers = [...text.querySelectorAll<HTMLElement>('[data-events]')].filter((el) => el.dataset.events!.split(' ').includes(e.id));
    for (const el of triggers) el.classList.add('is-active-trigger');
    cards.get(e.id)?.classList.add('is-active');
    return triggers[0] ?? null;
  };
  const handlers = {
    activate(e: PloverEvent, pin: boolean) {
      const trigger = light(e);
      if (pin) {
        pinned = e;
        trigger?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
    },
    release() {
      if (pinned) light(pinned);
      else clear();
    },
  };

  // A correction belongs to the event with its anchor (trigger span and original type), which survives re-analysis.
  const correctionsOf = (e: PloverEvent): Correction[] =>
    options.corrections.filter((c) => c.anchor.start === e.trigger.start && c.anchor.end === e.trigger.end && c.anchor.event === e.event);
  for (const e of events) cards.set(e.id, createEventCard(e, correctionsOf(e), options.canCorrect, handlers));

  text.addEventListener('click', (event) => {
    const trigger = (event.target as Element).closest<HTMLElement>('[data-events]');
    const id = trigger?.dataset.events?.split(' ')[0];
    const e = id ? events.find((x) => x.id === id) : undefined;
    if (!e) return;
    pinned = e;
    light(e);
    cards.get(e.id)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  });

  const aside = h('aside', { class: 'doc-events', testid: 'doc-events' },
    h('h2', null, t('eventsTitle', { n: events.length })),
    events.length ? h('div', { class: 'event-cards' }, ...cards.values()) : h('p', { class: 'panel-empty' }, t('noDocEvents')));
  const root = h('div', { class: 'doc-layout' }, h('div', { class: 'doc-main' }, legend, text), aside);

  return {
    root,
    focusEvent(eventId) {
      const e = events.find((x) => x.id === eventId);
      if (!e) return;
      handlers.activate(e, true);
      cards.get(e.id)?.scrollIntoView({ block: 'nearest' });
    },
  };
}

/**
 * An event beside its document: type, actor → recipient, place, date and where it came from, modality and size,
 * confidence, trigger and evidence sentence, the analysts' corrections, and (for stored documents) the correction
 * form. Pointing at a card (hover or focus) lights its sentence and trigger in the text; clicking pins it.
 */
import type { Correction } from '../api.js';
import { h } from '../dom.js';
import { actorDetails, actorList, eventFlags, formatConfidence, formatDay, placeName } from '../format.js';
import { t, type MessageKey } from '../i18n.js';
import { typeBadge } from '../views/event-table.js';
import type { PloverEvent } from '../../../src/types.js';
import { createCorrectionForm, renderCorrections } from './correction-form.js';

export interface CardHandlers {
  /** Light the event in the text; `pin` keeps it lit and brings its trigger into view. */
  activate(e: PloverEvent, pin: boolean): void;
  /** Pointer left the card. */
  release(): void;
}

/** Build a card; `corrections` are the event's, oldest first. */
export function createEventCard(e: PloverEvent, corrections: Correction[], canCorrect: boolean, handlers: CardHandlers): HTMLElement {
  const list = [...corrections];
  const correctionsBlock = h('div', { class: 'card-corrections', testid: 'corrections' });
  const card = h('article', { class: 'event-card', testid: 'event-card', attrs: { 'data-event-id': e.id, 'data-type': e.event, tabindex: 0 } });

  const updateState = (): void => {
    const latest = list[list.length - 1];
    card.classList.toggle('is-corrected', latest !== undefined && !latest.wrong);
    card.classList.toggle('is-wrong', latest?.wrong === true);
    renderCorrections(correctionsBlock, list);
  };

  const flags = eventFlags(e);
  const meter = h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'meter-fill' }));
  (meter.firstChild as HTMLElement).style.width = `${Math.round(Math.max(0, Math.min(1, e.confidence)) * 100)}%`;
  const dateSource = e.date_source ? ` (${t(`dateSource_${e.date_source}` as MessageKey)})` : '';

  card.append(
    h('header', { class: 'card-header' },
      typeBadge(e.event),
      ...flags.map((f) => h('span', { class: 'flag' }, f)),
      h('span', { class: 'card-confidence', attrs: { title: t('confidence', { p: formatConfidence(e.confidence) }) } }, meter, formatConfidence(e.confidence))),
    h('p', { class: 'card-actors' },
      h('bdi', { attrs: { title: actorDetails(e.actor) } }, actorList(e.actor)),
      h('span', { class: 'arrow', attrs: { 'aria-hidden': 'true' } }, ` ${t('arrow')} `),
      h('bdi', { attrs: { title: actorDetails(e.recipient) } }, actorList(e.recipient))),
    h('dl', { class: 'card-facts' },
      h('dt', null, t('placeLabel')), h('dd', null, h('bdi', null, placeName(e.event_loc))),
      h('dt', null, t('dateLabel')), h('dd', null, h('bdi', null, formatDay(e.date)), dateSource),
      h('dt', null, t('triggerLabel')), h('dd', null, h('bdi', { class: 'card-trigger' }, e.trigger.text))),
    h('blockquote', { class: 'card-evidence', attrs: { dir: 'auto', lang: 'ar' } }, e.event_text),
    correctionsBlock,
  );
  updateState();

  if (canCorrect) {
    const toggle = h('button', { class: 'link-button', testid: 'correct-button', attrs: { type: 'button', 'aria-expanded': 'false' } }, t('correct'));
    let form: HTMLFormElement | null = null;
    const close = (): void => {
      form?.remove();
      form = null;
      toggle.setAttribute('aria-expanded', 'false');
    };
    toggle.addEventListener('click', () => {
      if (form) {
        close();
        return;
      }
      form = createCorrectionForm(e, (saved) => {
        list.push(saved);
        updateState();
      }, close);
      card.append(form);
      toggle.setAttribute('aria-expanded', 'true');
      form.querySelector('select')?.focus();
    });
    card.append(h('footer', { class: 'card-footer' }, toggle));
  }

  card.addEventListener('mouseenter', () => handlers.activate(e, false));
  card.addEventListener('mouseleave', () => handlers.release());
  card.addEventListener('focus', () => handlers.activate(e, false));
  card.addEventListener('click', (event) => {
    if ((event.target as Element).closest('form, button, a, input, select, textarea')) return;
    handlers.activate(e, true);
  });
  return card;
}

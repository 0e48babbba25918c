/**
 * An analyst's correction of a coded event: the form on an event card (type, actor, recipient, place name and
 * country, date, "wrong", analyst and note) that posts `POST /api/events/:id/corrections` with the tab's token, and
 * the list of an event's corrections. Only the fields the analyst filled are sent; the coder's record is never
 * changed (the store keeps corrections apart). A 401 asks for the token at the top of the page.
 */
import { api, isUnauthorized, type Correction, type NewCorrection } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { PLOVER_TYPES } from '../filters.js';
import { countryCode, countryName, t, typeLabel } from '../i18n.js';
import { errorText } from '../panel.js';
import type { PloverEvent } from '../../../src/types.js';

/** The TIMEX shapes the API accepts for a corrected date. */
const DATE_PATTERN = /^[0-9]{4}(-[0-9A-Z]{1,3}(-[0-9]{2}([T ][0-9:.]{2,12})?)?)?$/;
const AUTHOR_KEY = 'marsad.author';

/** Asks the page to show the token field (main.ts listens). */
export const TOKEN_NEEDED_EVENT = 'marsad:token-needed';

const names = (value: string): string[] => value.split(/[,،]/).map((v) => v.trim()).filter(Boolean).slice(0, 20).map((v) => v.slice(0, 200));

function storedAuthor(): string {
  try {
    return localStorage.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The correction form of an event; `onSaved` gets the stored correction. */
export function createCorrectionForm(e: PloverEvent, onSaved: (c: Correction) => void, onCancel: () => void): HTMLFormElement {
  const type = h('select', { testid: 'corr-type', attrs: { name: 'event' } },
    h('option', { attrs: { value: '' } }, t('corrUnchanged')),
    ...PLOVER_TYPES.map((p) => h('option', { attrs: { value: p } }, `${typeLabel(p)} (${p})`)));
  const input = (testid: string, attrs: Record<string, string | number> = {}): HTMLInputElement =>
    h('input', { testid, attrs: { type: 'text', dir: 'auto', maxlength: 200, ...attrs } });
  const actor = input('corr-actor', { maxlength: 2000 });
  const recipient = input('corr-recipient', { maxlength: 2000 });
  const placeName = input('corr-place-name');
  const placeCountry = input('corr-place-country', { maxlength: 60 });
  const date = input('corr-date', { maxlength: 40, dir: 'ltr', placeholder: 'YYYY-MM-DD' });
  const wrong = h('input', { testid: 'corr-wrong', attrs: { type: 'checkbox' } });
  const author = input('corr-author');
  author.value = storedAuthor();
  const note = h('textarea', { testid: 'corr-note', attrs: { rows: 2, maxlength: 2000, dir: 'auto' } });
  const status = h('p', { class: 'form-status', testid: 'corr-status', attrs: { role: 'status' } });
  const submit = h('button', { class: 'primary', testid: 'corr-submit', attrs: { type: 'submit' } }, t('corrSubmit'));

  const field = (label: string, control: HTMLElement): HTMLElement => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
  const form = h('form', { class: 'correction-form', testid: 'correction-form', attrs: { 'aria-label': t('correctionFormTitle') } },
    h('h4', null, t('correctionFormTitle')),
    field(t('corrType'), type),
    field(t('corrActor'), actor),
    field(t('corrRecipient'), recipient),
    h('div', { class: 'field-row' }, field(t('corrPlaceName'), placeName), field(t('corrPlaceCountry'), placeCountry)),
    field(t('corrDate'), date),
    h('label', { class: 'field field-check' }, wrong, h('span', null, t('corrWrong'))),
    field(t('corrAuthor'), author),
    field(t('corrNote'), note),
    h('div', { class: 'form-actions' }, submit, h('button', { attrs: { type: 'button' }, on: { click: onCancel } }, t('corrCancel'))),
    status);

  /** The correction the fields describe, or the reason it cannot be sent. */
  function read(): Omit<NewCorrection, 'eventId'> | string {
    const body: Omit<NewCorrection, 'eventId'> = {};
    if (type.value && type.value !== e.event) body.event = type.value as PloverEvent['event'];
    if (names(actor.value).length) body.actor = names(actor.value);
    if (names(recipient.value).length) body.recipient = names(recipient.value);
    const place = placeName.value.trim();
    const countryText = placeCountry.value.trim();
    if (place || countryText) {
      const code = countryText ? countryCode(countryText) : null;
      if (countryText && (code === null || !/^[A-Z]{3}$/.test(code))) return t('unknownCountry', { name: countryText });
      body.place = { name: place || null, country: code };
    }
    const day = date.value.trim();
    if (day) {
      if (!DATE_PATTERN.test(day)) return t('corrBadDate');
      body.date = day;
    }
    if (wrong.checked) body.wrong = true;
    if (note.value.trim()) body.note = note.value.trim();
    if (Object.keys(body).length === 0) return t('corrEmpty');
    if (author.value.trim()) body.author = author.value.trim();
    return body;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = read();
    if (typeof body === 'string') {
      status.className = 'form-status is-error';
      status.textContent = body;
      return;
    }
    try {
      localStorage.setItem(AUTHOR_KEY, author.value.trim());
    } catch {
      // Not remembered; the correction is sent all the same.
    }
    submit.disabled = true;
    status.className = 'form-status';
    status.textContent = t('corrSaving');
    api.correct(e.id, body).then((saved) => {
      status.textContent = t('corrSaved');
      form.reset();
      author.value = storedAuthor();
      onSaved(saved);
    }, (error: unknown) => {
      status.className = 'form-status is-error';
      if (isUnauthorized(error)) {
        status.textContent = `${t('tokenNeeded')} (${errorText(error)})`;
        window.dispatchEvent(new CustomEvent(TOKEN_NEEDED_EVENT));
      } else {
        status.textContent = `${t('error')}: ${errorText(error)}`;
      }
    }).finally(() => {
      submit.disabled = false;
    });
  });
  return form;
}

/** One correction in words. */
function correctionItem(c: Correction): HTMLElement {
  const changes: HTMLElement[] = [];
  const change = (label: string, value: string): void => {
    changes.push(h('li', null, h('span', { class: 'change-label' }, `${label}: `), h('bdi', null, value)));
  };
  if (c.wrong) changes.push(h('li', { class: 'change-wrong' }, t('corrWrongFlag')));
  if (c.event) change(t('corrField_event'), `${typeLabel(c.event)} (${c.event})`);
  if (c.actor?.length) change(t('corrField_actor'), c.actor.join(t('listSeparator')));
  if (c.recipient?.length) change(t('corrField_recipient'), c.recipient.join(t('listSeparator')));
  if (c.place) change(t('corrField_place'), [c.place.name, c.place.country ? countryName(c.place.country) : null].filter(Boolean).join(' · '));
  if (c.date) change(t('corrField_date'), c.date);
  if (c.note) change(t('corrField_note'), c.note);
  return h('li', { class: 'correction', testid: 'correction', attrs: { 'data-correction-id': c.id } },
    h('div', { class: 'correction-meta' }, h('time', { attrs: { datetime: c.at } }, c.at.slice(0, 16).replace('T', ' ')), c.author ? ` · ${t('corrBy', { author: c.author })}` : ''),
    h('ul', { class: 'correction-changes' }, ...changes));
}

/** Fill a block with an event's corrections (oldest first); empty when there are none. */
export function renderCorrections(block: HTMLElement, list: readonly Correction[]): void {
  if (list.length === 0) {
    replaceChildren(block);
    block.hidden = true;
    return;
  }
  block.hidden = false;
  replaceChildren(block, h('h4', null, t('correctionsTitle', { n: list.length })), h('ol', { class: 'correction-list' }, ...list.map(correctionItem)));
}

/**
 * The event table: the filtered events a page at a time, newest first (`GET /api/events?order=desc`, cursor
 * pagination; undated events are not listed, the timeline does not draw them either). "More" appends the
 * next page and "Earlier rows" brings back a page dropped from the top, so however far an analyst reads, at most
 * `MAX_PAGES` pages of rows are in the DOM. A row opens its article at the event (a link in the row, and a click
 * or Enter anywhere on it); corrected and wrong-marked events are flagged.
 */
import { api, isAbort, type EventRow, type Query } from '../api.js';
import { TYPE_COLORS } from '../charts/type-colors.js';
import { h, replaceChildren } from '../dom.js';
import { actorDetails, actorList, formatConfidence, formatDay, placeName } from '../format.js';
import { formatNumber, t, typeLabel } from '../i18n.js';
import { createPanel, errorMessage, type Panel } from '../panel.js';
import { docHash, navigate } from '../router.js';

/** Rows per page and pages kept in the DOM. */
export const PAGE_SIZE = 100;
export const MAX_PAGES = 3;

export interface EventTable {
  readonly panel: Panel;
  /** Show the first page of events for these filter parameters; `scope`, when given, says what the rows cover. */
  load(query: Query, signal: AbortSignal, scope?: Node | null): Promise<void>;
}

/** A coloured badge naming a PLOVER type. */
export function typeBadge(type: EventRow['event']): HTMLElement {
  const badge = h('span', { class: 'type-badge', attrs: { title: type } }, typeLabel(type));
  badge.style.setProperty('--type-color', TYPE_COLORS[type]);
  return badge;
}

function eventRow(e: EventRow): HTMLTableRowElement {
  const flags = h('span', { class: 'row-flags' });
  if (e.correction) flags.append(h('span', { class: `flag ${e.correction.wrong ? 'flag-wrong' : 'flag-corrected'}` }, e.correction.wrong ? t('wrongBadge') : t('correctedBadge')));
  if (e.negated) flags.append(h('span', { class: 'flag' }, t('flag_negated')));
  if (e.future) flags.append(h('span', { class: 'flag' }, t('flag_future')));
  if (e.hypothetical) flags.append(h('span', { class: 'flag' }, t('flag_hypothetical')));
  const href = docHash(e.doc_id, e.id);
  const row = h('tr', { testid: 'event-row', class: e.correction?.wrong ? 'is-wrong' : '', attrs: { 'data-event-id': e.id, tabindex: 0, title: e.event_text } },
    h('td', { class: 'col-date' }, formatDay(e.date)),
    h('td', { class: 'col-type' }, typeBadge(e.event), flags),
    h('td', { attrs: { dir: 'auto', title: actorDetails(e.actor) } }, actorList(e.actor)),
    h('td', { attrs: { dir: 'auto', title: actorDetails(e.recipient) } }, actorList(e.recipient)),
    h('td', { attrs: { dir: 'auto' } }, placeName(e.event_loc)),
    h('td', { class: 'col-article' },
      h('a', { attrs: { href, dir: 'auto', title: t('openDocument') } }, e.title || t('untitled')),
      h('span', { class: 'row-source' }, [e.source, formatDay(e.published)].filter(Boolean).join(' · '))),
    h('td', { class: 'col-confidence num' }, formatConfidence(e.confidence)));
  row.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a')) return;
    navigate(href);
  });
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target === row) navigate(href);
  });
  return row;
}

/** Build the table panel. */
export function createEventTable(): EventTable {
  const panel = createPanel('tableTitle', 'event-table', 'panel-table');
  const tbody = h('tbody');
  const table = h('table', { class: 'event-table' },
    h('thead', null, h('tr', null,
      ...(['colDate', 'colType', 'colActor', 'colRecipient', 'colPlace', 'colArticle', 'colConfidence'] as const).map((key) => h('th', { attrs: { scope: 'col' } }, t(key))))),
    tbody);
  const earlier = h('button', { testid: 'table-earlier', attrs: { type: 'button' } }, t('earlier'));
  const more = h('button', { testid: 'table-more', attrs: { type: 'button' } }, t('more'));
  const footer = h('div', { class: 'table-footer' }, earlier, more);

  let query: Query = {};
  let signal: AbortSignal = new AbortController().signal;
  /** cursors[i]: the cursor of page i (null for the first); known for every page reached so far and the next one. */
  let cursors: Array<string | null> = [null];
  /** The rows of the pages in the DOM, by page index. */
  const pages = new Map<number, HTMLTableRowElement[]>();
  let first = 0;
  let last = -1;
  let busy = false;

  function updateFooter(): void {
    const shown = [...pages.values()].reduce((n, rows) => n + rows.length, 0);
    panel.note.textContent = shown ? t('rowsShown', { from: formatNumber(first * PAGE_SIZE + 1), to: formatNumber(first * PAGE_SIZE + shown) }) : '';
    earlier.hidden = first === 0;
    more.hidden = cursors[last + 1] === undefined || cursors[last + 1] === null;
    earlier.disabled = more.disabled = busy;
  }

  async function fetchPage(index: number): Promise<EventRow[]> {
    const page = await api.events({ ...query, order: 'desc', limit: PAGE_SIZE, cursor: cursors[index] ?? null }, signal);
    if (page.next !== null) cursors[index + 1] = page.next;
    return page.events;
  }

  async function step(direction: 'next' | 'previous'): Promise<void> {
    if (busy) return;
    busy = true;
    updateFooter();
    const index = direction === 'next' ? last + 1 : first - 1;
    try {
      const rows = (await fetchPage(index)).map(eventRow);
      pages.set(index, rows);
      if (direction === 'next') {
        tbody.append(...rows);
        last = index;
        if (last - first + 1 > MAX_PAGES) {
          for (const row of pages.get(first) ?? []) row.remove();
          pages.delete(first++);
        }
      } else {
        tbody.prepend(...rows);
        first = index;
        if (last - first + 1 > MAX_PAGES) {
          for (const row of pages.get(last) ?? []) row.remove();
          pages.delete(last--);
        }
        tbody.rows[0]?.focus({ preventScroll: true });
      }
    } catch (error) {
      if (!isAbort(error)) footer.append(errorMessage(error));
    } finally {
      busy = false;
      updateFooter();
    }
  }

  more.addEventListener('click', () => void step('next'));
  earlier.addEventListener('click', () => void step('previous'));

  return {
    panel,
    async load(nextQuery, nextSignal, scope = null) {
      query = nextQuery;
      signal = nextSignal;
      panel.setLoading(true);
      try {
        cursors = [null];
        const rows = await fetchPage(0);
        pages.clear();
        first = 0;
        last = 0;
        if (rows.length === 0) {
          panel.showMessage(t('noEvents'));
          if (scope) panel.body.append(scope);
          panel.note.textContent = '';
          return;
        }
        const rendered = rows.map(eventRow);
        pages.set(0, rendered);
        replaceChildren(tbody, ...rendered);
        replaceChildren(footer, earlier, more);
        replaceChildren(panel.body, scope, h('div', { class: 'table-scroll' }, table), footer);
        updateFooter();
      } catch (error) {
        if (isAbort(error)) throw error;
        panel.showError(error);
      } finally {
        panel.setLoading(false);
      }
    },
  };
}

/**
 * Search results (`#/search?q=…`, `GET /api/search`): each article's title (opening it), outlet, date and the
 * passage around the match with the query's words marked (folded as the store folds: «اعلن» marks «أعلن»).
 */
import { api, isAbort, type SearchHit } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { matchPieces } from '../fold.js';
import { formatDay } from '../format.js';
import { formatNumber, t } from '../i18n.js';
import { errorMessage } from '../panel.js';
import { docHash, type Route } from '../router.js';
import type { View } from '../view.js';

function hitItem(hit: SearchHit, q: string): HTMLElement {
  const snippet = h('p', { class: 'hit-snippet', attrs: { dir: 'auto', lang: 'ar' } },
    ...matchPieces(hit.snippet, q).map((piece) => (piece.match ? h('mark', null, piece.text) : piece.text)));
  return h('li', { class: 'search-hit', testid: 'search-hit', attrs: { 'data-doc-id': hit.id } },
    h('h3', null, h('a', { attrs: { href: docHash(hit.id), dir: 'auto' } }, hit.title || t('untitled'))),
    h('p', { class: 'hit-meta' }, [hit.source, formatDay(hit.published)].filter(Boolean).join(' · ')),
    snippet);
}

/** Build the search view. */
export function createSearchView(): View {
  const heading = h('h1', { testid: 'search-title' });
  const count = h('p', { class: 'search-count' });
  const results = h('div', { testid: 'search-results' });
  const root = h('section', { class: 'search-view' }, heading, count, results);
  return {
    root,
    accepts: (route: Route) => route.name === 'search',
    async show(route, signal) {
      const q = (route.params.get('q') ?? '').trim();
      const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
      if (input && input.value !== q) input.value = q;
      heading.textContent = q ? t('searchTitle', { q }) : t('searchEmpty');
      count.textContent = '';
      if (!q) {
        replaceChildren(results);
        return;
      }
      root.classList.add('is-loading');
      try {
        const { hits } = await api.search(q, signal);
        count.textContent = t('searchCount', { n: formatNumber(hits.length) });
        replaceChildren(results, hits.length ? h('ol', { class: 'search-hits' }, ...hits.map((hit) => hitItem(hit, q))) : h('p', { class: 'panel-empty' }, t('searchNone')));
      } catch (error) {
        if (isAbort(error)) throw error;
        replaceChildren(results, errorMessage(error));
      } finally {
        root.classList.remove('is-loading');
      }
    },
  };
}

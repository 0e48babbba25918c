/**
 * The dashboard's entry: fills the page's static labels in the chosen language, wires the header (search, write
 * token, language toggle) and routes the location hash to the views. `<html data-state>` is `loading` while a
 * view loads and `ready` once its data is rendered; the first time, the app marks `first-view-ready` in the
 * performance timeline (the first-view benchmark reads it).
 */
import './styles.css';
import { getToken, isAbort, setToken } from './api.js';
import { TOKEN_NEEDED_EVENT } from './doc/correction-form.js';
import { h, replaceChildren } from './dom.js';
import { applyStaticLabels, lang, setLang, t } from './i18n.js';
import { errorMessage } from './panel.js';
import { hashFor, navigate, parseHash, type Route } from './router.js';
import type { View } from './view.js';
import { createAnalyzeView } from './views/analyze.js';
import { createDocumentView } from './views/document.js';
import { createOverview } from './views/overview.js';
import { createSearchView } from './views/search.js';

const html = document.documentElement;
const viewHost = document.querySelector<HTMLElement>('#view')!;
const statusLine = document.querySelector<HTMLElement>('#status')!;

function createNotFoundView(): View {
  const root = h('section', { class: 'not-found' }, h('h1', null, t('notFound')), h('p', null, h('a', { attrs: { href: '#/' } }, t('backToOverview'))));
  return { root, accepts: () => false, show: async () => undefined };
}

function createView(route: Route): View {
  switch (route.name) {
    case 'overview': return createOverview();
    case 'search': return createSearchView();
    case 'doc': return createDocumentView();
    case 'analyze': return createAnalyzeView();
    case 'not-found': return createNotFoundView();
  }
}

let current: View | null = null;
let controller: AbortController | null = null;
let firstViewMarked = false;

/** Show the route of the location hash; `rebuild` makes a new view even when the current one could update. */
async function render(rebuild = false): Promise<void> {
  const route = parseHash(location.hash);
  controller?.abort();
  const active = new AbortController();
  controller = active;
  html.dataset.state = 'loading';
  for (const link of document.querySelectorAll<HTMLElement>('[data-nav]')) {
    if (link.dataset.nav === route.name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (rebuild || current === null || !current.accepts(route)) {
    const replacing = current !== null;
    current = createView(route);
    viewHost.replaceChildren(current.root);
    if (replacing && !rebuild) {
      window.scrollTo(0, 0);
      viewHost.focus({ preventScroll: true });
    }
  }
  try {
    await current.show(route, active.signal);
  } catch (error) {
    if (isAbort(error) || active.signal.aborted) return;
    // The view is gone from the page: the next route builds a new one.
    current = null;
    replaceChildren(viewHost, errorMessage(error));
  }
  if (active.signal.aborted) return;
  html.dataset.state = 'ready';
  if (!firstViewMarked) {
    firstViewMarked = true;
    performance.mark('first-view-ready');
  }
}

let statusTimer: number | undefined;
/** A short message in the status line. */
function announce(text: string): void {
  statusLine.textContent = text;
  window.clearTimeout(statusTimer);
  statusTimer = window.setTimeout(() => { statusLine.textContent = ''; }, 4000);
}

function wireHeader(): void {
  const searchForm = document.querySelector<HTMLFormElement>('[data-testid="search-form"]')!;
  const searchInput = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = searchInput.value.trim();
    if (q) navigate(hashFor('/search', { q }));
  });

  const tokenBox = document.querySelector<HTMLDetailsElement>('[data-testid="token-box"]')!;
  const tokenForm = tokenBox.querySelector('form')!;
  const tokenInput = document.querySelector<HTMLInputElement>('[data-testid="token-input"]')!;
  tokenInput.value = getToken();
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    setToken(tokenInput.value);
    announce(tokenInput.value.trim() ? t('tokenSaved') : t('tokenCleared'));
    tokenBox.open = false;
  });
  window.addEventListener(TOKEN_NEEDED_EVENT, () => {
    tokenBox.open = true;
    tokenInput.focus();
  });

  document.querySelector('[data-testid="lang-toggle"]')!.addEventListener('click', () => {
    setLang(lang() === 'ar' ? 'en' : 'ar');
    void render(true);
  });
}

applyStaticLabels();
wireHeader();
window.addEventListener('hashchange', () => void render());
void render();

/**
 * Paste to analyze (`#/analyze`, `POST /api/analyze`): an article's text, optional title and publication date in,
 * its analysis out, rendered like a stored document (without the correction form: nothing is stored).
 */
import { api, isAbort } from '../api.js';
import { documentHeader, renderDocumentBody } from '../doc/render.js';
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { errorMessage } from '../panel.js';
import type { View } from '../view.js';

/** Build the analyze view. */
export function createAnalyzeView(): View {
  const text = h('textarea', { testid: 'analyze-text', attrs: { rows: 10, dir: 'auto', lang: 'ar', required: true, maxlength: 1_000_000 } });
  const title = h('input', { testid: 'analyze-title', attrs: { type: 'text', dir: 'auto', maxlength: 1000 } });
  const published = h('input', { testid: 'analyze-published', attrs: { type: 'date' } });
  const button = h('button', { class: 'primary', testid: 'analyze-button', attrs: { type: 'submit' } }, t('analyzeButton'));
  const status = h('p', { class: 'form-status', attrs: { role: 'status' } });
  const result = h('div', { class: 'analyze-result', testid: 'analyze-result' });
  const field = (label: string, control: HTMLElement): HTMLElement => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
  const form = h('form', { class: 'analyze-form', testid: 'analyze-form' },
    field(t('analyzeText'), text),
    h('div', { class: 'field-row' }, field(t('analyzeTitleField'), title), field(t('analyzePublished'), published)),
    h('div', { class: 'form-actions' }, button),
    status);
  const root = h('section', { class: 'analyze-view' }, h('h1', null, t('analyzeTitle')), h('p', { class: 'view-help' }, t('analyzeHelp')), form, result);
  let controller: AbortController | null = null;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      status.textContent = t('analyzeEmpty');
      text.focus();
      return;
    }
    controller?.abort();
    const current = new AbortController();
    controller = current;
    const input = { text: text.value, ...(title.value.trim() ? { title: title.value.trim() } : {}), ...(published.value ? { published: published.value } : {}) };
    button.disabled = true;
    status.textContent = t('analyzeRunning');
    document.documentElement.dataset.state = 'loading';
    api.analyze(input, current.signal).then((doc) => {
      status.textContent = '';
      const body = renderDocumentBody(doc, { corrections: [], canCorrect: false });
      replaceChildren(result, h('h2', { class: 'result-title' }, t('analyzeResult')), documentHeader(doc, null), body.root);
    }, (error: unknown) => {
      if (isAbort(error)) return;
      status.textContent = '';
      replaceChildren(result, errorMessage(error));
    }).finally(() => {
      if (controller !== current) return;
      button.disabled = false;
      document.documentElement.dataset.state = 'ready';
    });
  });

  return {
    root,
    accepts: () => false,
    async show() {
      text.focus();
    },
  };
}

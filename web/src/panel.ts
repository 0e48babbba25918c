/**
 * A dashboard panel: a titled section with a note line, a body that a chart or list fills, and the loading, empty
 * and error states every panel shows the same way (the previous content stays, dimmed, while new data loads).
 */
import { ApiError } from './api.js';
import { h, replaceChildren, type Child } from './dom.js';
import { t, type MessageKey } from './i18n.js';

export interface Panel {
  readonly section: HTMLElement;
  readonly body: HTMLElement;
  readonly note: HTMLElement;
  readonly tools: HTMLElement;
  setLoading(loading: boolean): void;
  showError(error: unknown): void;
  showMessage(text: string): void;
}

/** A panel titled by `title`, its body marked `data-testid={testid}`. */
export function createPanel(title: MessageKey, testid: string, className: string): Panel {
  const note = h('span', { class: 'panel-note' });
  const tools = h('div', { class: 'panel-tools' });
  const body = h('div', { class: 'panel-body', testid });
  const section = h('section', { class: `panel ${className}`, testid: `panel-${testid}`, attrs: { 'aria-busy': 'false' } },
    h('header', { class: 'panel-header' }, h('h2', null, t(title)), note, tools),
    body);
  return {
    section,
    body,
    note,
    tools,
    setLoading(loading) {
      section.classList.toggle('is-loading', loading);
      section.setAttribute('aria-busy', String(loading));
    },
    showError(error) {
      replaceChildren(body, errorMessage(error));
    },
    showMessage(text) {
      replaceChildren(body, h('p', { class: 'panel-empty' }, text));
    },
  };
}

/** The words of an error for the user. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.status === 0 ? t('networkError') : error.message;
  return error instanceof Error ? error.message : String(error);
}

/** An error paragraph (role=alert). */
export function errorMessage(error: unknown, ...extra: Child[]): HTMLElement {
  return h('p', { class: 'error-message', attrs: { role: 'alert' }, testid: 'error' }, `${t('error')}: ${errorText(error)}`, ...extra);
}

/**
 * A stored document (`#/doc/<id>`, `GET /api/documents/:id`): header, highlighted text and event cards with the
 * analysts' corrections and the correction form; `?event=<id>` opens it at that event.
 */
import { api, isAbort } from '../api.js';
import { documentHeader, renderDocumentBody } from '../doc/render.js';
import { h, replaceChildren } from '../dom.js';
import { errorMessage } from '../panel.js';
import type { Route } from '../router.js';
import type { View } from '../view.js';

/** Build the document view. */
export function createDocumentView(): View {
  const root = h('section', { class: 'document-view', testid: 'document-view' });
  return {
    root,
    accepts: () => false,
    async show(route, signal) {
      if (route.name !== 'doc') return;
      root.classList.add('is-loading');
      try {
        const stored = await api.document(route.id, signal);
        const body = renderDocumentBody(stored.document, { corrections: stored.corrections, canCorrect: true });
        replaceChildren(root, documentHeader(stored.document, stored), body.root);
        const eventId = route.params.get('event');
        if (eventId) body.focusEvent(eventId);
      } catch (error) {
        if (isAbort(error)) throw error;
        replaceChildren(root, errorMessage(error));
      } finally {
        root.classList.remove('is-loading');
      }
    },
  };
}

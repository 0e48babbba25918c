/**
 * The alerts panel (`GET /api/alerts`): the country × event type series with an unusual rise of events on one
 * day (the end of the filtered range, else the latest day with articles), most significant first. Choosing an
 * alert filters the overview to that country and type over the day and the four weeks before it.
 */
import { api, isAbort, type Alert } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import type { Filters } from '../filters.js';
import { countryName, formatNumber, t } from '../i18n.js';
import { createPanel, type Panel } from '../panel.js';
import { typeBadge } from './event-table.js';

export interface AlertsPanel {
  readonly panel: Panel;
  load(filters: Filters, signal: AbortSignal): Promise<void>;
}

const MS_PER_DAY = 86_400_000;
const daysBefore = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) - n * MS_PER_DAY).toISOString().slice(0, 10);

/** Build the panel; `onSelect` gets the filters an alert stands for. */
export function createAlertsPanel(onSelect: (filters: Partial<Filters>) => void): AlertsPanel {
  const panel = createPanel('alertsTitle', 'alerts', 'panel-alerts');

  function alertItem(alert: Alert): HTMLElement {
    const button = h('button', {
      class: 'alert-item',
      testid: 'alert-item',
      attrs: { type: 'button', title: `p = ${alert.pValue === undefined ? '—' : alert.pValue.toExponential(2)}` },
      on: { click: () => onSelect({ countries: [alert.country], types: [alert.event], since: daysBefore(alert.day, 28), until: alert.day }) },
    },
    h('span', { class: 'alert-head' }, h('strong', null, countryName(alert.country)), typeBadge(alert.event)),
    h('span', { class: 'alert-line' }, t('alertLine', { count: alert.count, expected: formatNumber(Math.round(alert.expected * 10) / 10) })),
    h('span', { class: 'alert-score' }, t('alertScore', { score: formatNumber(Math.round(alert.score * 10) / 10) })));
    return h('li', null, button);
  }

  return {
    panel,
    async load(filters, signal) {
      panel.setLoading(true);
      try {
        const result = await api.alerts({ day: filters.until }, signal);
        panel.note.textContent = result.day ? t('alertsDay', { day: result.day }) : '';
        const explain = h('p', { class: 'panel-explain', attrs: { title: result.statistic } }, t('alertsExplain'));
        if (result.alerts.length === 0) {
          replaceChildren(panel.body, h('p', { class: 'panel-empty' }, result.day ? t('alertsNone') : t('noData')), explain);
          return;
        }
        const sorted = [...result.alerts].sort((a, b) => b.score - a.score);
        replaceChildren(panel.body, h('ol', { class: 'alert-list' }, ...sorted.map(alertItem)), explain);
      } catch (error) {
        if (isAbort(error)) throw error;
        panel.showError(error);
      } finally {
        panel.setLoading(false);
      }
    },
  };
}

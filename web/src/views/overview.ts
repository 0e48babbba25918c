/**
 * The overview (`#/`, filters in the hash): the filters bar, then the timeline stacked by PLOVER type, the alerts,
 * the map of event places, the actor network and the event table, all over the same filters. Applying filters, or
 * choosing a period, type, place, actor or alert in a panel, changes the hash; the view stays and reloads every
 * panel (earlier content dimmed until the new data is drawn; requests of a superseded load are cancelled).
 */
import { api, isAbort } from '../api.js';
import { renderMap } from '../charts/map.js';
import { renderNetwork } from '../charts/network.js';
import { renderTimeline } from '../charts/timeline.js';
import type { ChartOptions } from '../charts/types.js';
import { h, replaceChildren } from '../dom.js';
import { apiFilterQuery, BUCKET_CHOICES, filtersFromParams, filtersToParams, type BucketChoice, type Filters } from '../filters.js';
import { lang, t, typeLabel, type MessageKey } from '../i18n.js';
import { createPanel, type Panel } from '../panel.js';
import { hashFor, navigate, type Route } from '../router.js';
import type { View } from '../view.js';
import { createAlertsPanel } from './alerts-panel.js';
import { createEventTable } from './event-table.js';
import { createFiltersBar } from './filters-bar.js';
import { loadTimeline, timelineSpan, type TimelineSpan } from './timeline-data.js';

/** Most map points and network edges drawn. */
export const MAP_LIMIT = 2000;
export const GRAPH_LIMIT = 60;

/** Run a panel's load: dimmed while loading, its error shown in it; a cancelled load is passed on. */
async function loadPanel(panel: Panel, work: () => Promise<void>): Promise<void> {
  panel.setLoading(true);
  try {
    await work();
  } catch (error) {
    if (isAbort(error)) throw error;
    panel.showError(error);
  } finally {
    panel.setLoading(false);
  }
}

/** Build the overview. */
export function createOverview(): View {
  let filters: Filters = filtersFromParams(new URLSearchParams());
  const go = (next: Filters): void => navigate(hashFor('/', filtersToParams(next)));
  const narrow = (change: Partial<Filters>): void => go({ ...filters, ...change });

  const bar = createFiltersBar(go);
  const timeline = createPanel('timelineTitle', 'timeline', 'panel-timeline');
  const map = createPanel('mapTitle', 'map', 'panel-map');
  const network = createPanel('networkTitle', 'network', 'panel-network');
  const alerts = createAlertsPanel(narrow);
  const table = createEventTable();

  const bucketSelect = h('select', { testid: 'timeline-bucket', attrs: { 'aria-label': t('bucket') } },
    ...BUCKET_CHOICES.map((b) => h('option', { attrs: { value: b } }, t(`bucket_${b}` as MessageKey))));
  bucketSelect.addEventListener('change', () => narrow({ bucket: bucketSelect.value as BucketChoice }));
  timeline.tools.append(bucketSelect);

  const chartOptions = (): ChartOptions => ({ lang: lang(), typeLabel });

  const root = h('div', { class: 'overview' },
    bar.root,
    h('div', { class: 'panels' }, timeline.section, alerts.panel.section, map.section, network.section, table.panel.section));

  // One host per chart for the view's life: a chart redrawn on its host keeps its state (the map its zoom).
  const timelineHost = h('div', { class: 'chart-host' });
  const mapHost = h('div', { class: 'chart-host' });
  const networkHost = h('div', { class: 'chart-host' });

  async function loadTimelinePanel(span: Promise<TimelineSpan>, signal: AbortSignal): Promise<void> {
    const data = await loadTimeline(filters, await span, signal);
    timeline.note.textContent = t('bucketShown', { bucket: t(`bucket_${data.bucket}`) });
    replaceChildren(timeline.body, timelineHost);
    renderTimeline(timelineHost, data.rows, {
      ...chartOptions(),
      bucket: data.bucket,
      onSelectPeriod: (since, until) => narrow({ since, until, fullRange: false }),
      onSelectType: (type) => narrow({ types: [type] }),
    });
    if (data.narrowed !== null && data.narrowed.outside > 0) {
      timeline.body.append(h('p', { class: 'panel-explain' },
        t('outsideRange', { n: data.narrowed.outside, from: data.narrowed.from, to: data.narrowed.to }), ' ',
        h('button', { class: 'link-button', testid: 'timeline-full-range', attrs: { type: 'button' }, on: { click: () => narrow({ fullRange: true }) } }, t('showFullRange'))));
    } else if (filters.fullRange) {
      timeline.body.append(h('p', { class: 'panel-explain' },
        h('button', { class: 'link-button', testid: 'timeline-core-range', attrs: { type: 'button' }, on: { click: () => narrow({ fullRange: false }) } }, t('showCoreRange'))));
    }
  }

  async function loadMap(signal: AbortSignal): Promise<void> {
    const { points } = await api.map({ ...apiFilterQuery(filters), limit: MAP_LIMIT }, signal);
    map.note.textContent = points.length ? t('mapNote', { n: points.length }) : '';
    if (mapHost.parentElement !== map.body) replaceChildren(map.body, mapHost);
    renderMap(mapHost, points, { ...chartOptions(), onSelectPlace: (point) => { if (point.country) narrow({ countries: [point.country] }); } });
  }

  async function loadNetwork(signal: AbortSignal): Promise<void> {
    const graph = await api.graph({ ...apiFilterQuery(filters), limit: GRAPH_LIMIT }, signal);
    network.note.textContent = graph.nodes.length ? t('networkNote', { nodes: graph.nodes.length, edges: graph.edges.length }) : '';
    if (networkHost.parentElement !== network.body) replaceChildren(network.body, networkHost);
    renderNetwork(networkHost, graph, { ...chartOptions(), onSelectActor: (label) => narrow({ actor: label }) });
  }

  /**
   * The table lists the dated events, newest first; without a date range it covers the period the timeline draws, so
   * that a few events dated centuries back (or ahead) do not fill its first pages.
   */
  async function loadTable(span: Promise<TimelineSpan>, signal: AbortSignal): Promise<void> {
    table.panel.setLoading(true);
    const narrowed = await span.then((s) => s.busy, () => null);
    if (signal.aborted) throw new DOMException('superseded', 'AbortError');
    const query = { ...apiFilterQuery(filters), ...(narrowed ? { since: narrowed.from, until: narrowed.to } : {}) };
    const scope = narrowed === null ? null : h('p', { class: 'panel-explain', testid: 'table-scope' },
      t('tableScope', { from: narrowed.from, to: narrowed.to }), ' ',
      h('button', { class: 'link-button', attrs: { type: 'button' }, on: { click: () => narrow({ fullRange: true }) } }, t('showFullRange')));
    await table.load(query, signal, scope);
  }

  return {
    root,
    accepts: (route: Route) => route.name === 'overview',
    async show(route, signal) {
      filters = filtersFromParams(route.params);
      bar.set(filters);
      bucketSelect.value = filters.bucket;
      const span = timelineSpan(filters, signal);
      const results = await Promise.allSettled([
        loadPanel(timeline, () => loadTimelinePanel(span, signal)),
        loadPanel(map, () => loadMap(signal)),
        loadPanel(network, () => loadNetwork(signal)),
        alerts.load(filters, signal),
        loadTable(span, signal),
      ]);
      const aborted = results.find((r) => r.status === 'rejected' && isAbort(r.reason));
      if (aborted) throw (aborted as PromiseRejectedResult).reason;
    },
  };
}

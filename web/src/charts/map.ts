/**
 * The map chart: an offline world map (Natural Earth 1:110m countries from world-atlas, Natural Earth projection,
 * Antarctica left out, drawn once per host) with a circle per place, its area proportional to the place's events and
 * its colour that of its most frequent event type; larger circles are drawn first so that smaller ones stay on top
 * and clickable. A tooltip gives the place, its country and counts by type; a click selects the place. The wheel
 * zooms about the pointer, a drag pans, buttons zoom and reset; circles keep their screen size when zoomed. A new
 * render on the same host redraws only the circles, keeping the view, so filtering stays smooth. The drawing has a
 * fixed viewBox and scales with the host's width.
 */
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import type { MapPoint } from '../../../src/store/store.js';
import './charts.css';
import { chartRoot, emptyMessage, htmlElement, px, svgElement } from './dom.js';
import { chartText, countFormatter } from './format.js';
import { Tooltip, type TooltipContent } from './tooltip.js';
import { TYPE_COLORS, countsByType, dominantType } from './type-colors.js';
import type { ChartOptions } from './types.js';
import { attachZoom, zoomButtons, type ZoomControl } from './zoom.js';

/** Options of the map: the shared ones and what a click selects. */
export type MapOptions = ChartOptions & {
  /** A place was clicked (or chosen with Enter). */
  onSelectPlace?: (point: MapPoint) => void;
};

/** The world drawing in viewBox units. */
interface WorldDrawing {
  width: number;
  height: number;
  /** Path data of all countries. */
  land: string;
  /** Path data of the borders between countries. */
  borders: string;
  /** Viewbox position of a longitude and latitude, or null. */
  project: (lon: number, lat: number) => [number, number] | null;
}

/** A map drawn into a host. */
interface MapView {
  root: HTMLDivElement;
  lang: ChartOptions['lang'];
  options: MapOptions;
  points: SVGGElement;
  empty: HTMLParagraphElement;
  tooltip: Tooltip;
  zoom: ZoomControl;
  /** The place and unzoomed radius of each circle. */
  circles: Map<SVGCircleElement, { point: MapPoint; radius: number }>;
}

/** Width of the drawing in viewBox units (its height follows from the projection). */
const VIEW_WIDTH = 960;
const PADDING = 6;
/** Radius of the place with the most events, and the least radius, in viewBox units at scale 1. */
const MAX_RADIUS = 22;
const MIN_RADIUS = 2.5;
/** Circles that take keyboard focus (the largest), when places can be selected. */
const FOCUSABLE_POINTS = 50;
/** Antarctica's ISO 3166 numeric code: left out, no news happens there and it takes a fifth of the height. */
const ANTARCTICA = '010';

let worldDrawing: WorldDrawing | null = null;
const views = new WeakMap<HTMLElement, MapView>();

/** Draw the places `points` on the world map in `host`: the map once, the circles at every call. */
export function renderMap(host: HTMLElement, points: MapPoint[], options: MapOptions): void {
  let view = views.get(host);
  if (view === undefined || view.root.parentNode !== host || view.lang !== options.lang) {
    view = createView(host, options);
    views.set(host, view);
  }
  view.options = options;
  drawPoints(view, points);
}

/** The world drawing, projected once for every map. */
function world110m(): WorldDrawing {
  if (worldDrawing !== null) return worldDrawing;
  const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const countries = feature(topology, topology.objects.countries);
  const shown: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: countries.features.filter((country) => country.id !== ANTARCTICA) };
  const projection = geoNaturalEarth1().fitWidth(VIEW_WIDTH - 2 * PADDING, shown);
  const [tx, ty] = projection.translate();
  projection.translate([tx + PADDING, ty + PADDING]);
  const path = geoPath(projection);
  const [, [, bottom]] = path.bounds(shown);
  worldDrawing = {
    width: VIEW_WIDTH,
    height: Math.ceil(bottom + PADDING),
    land: path(shown) ?? '',
    borders: path(mesh(topology, topology.objects.countries, (a, b) => a !== b)) ?? '',
    project: (lon, lat) => {
      const xy = projection([lon, lat]);
      return xy === null || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1]) ? null : [xy[0], xy[1]];
    },
  };
  return worldDrawing;
}

/** The map's root, world layer, zoom buttons and listeners in `host`. */
function createView(host: HTMLElement, options: MapOptions): MapView {
  const text = chartText(options.lang);
  const drawing = world110m();
  const root = chartRoot(host, 'map', options.lang);
  const plot = htmlElement('div', 'marsad-chart__plot', {}, root);
  const svg = svgElement('svg', {
    class: 'marsad-chart__svg marsad-chart__zoomable', viewBox: `0 0 ${drawing.width} ${drawing.height}`, role: 'img', 'aria-label': text.mapLabel,
  }, plot);
  svgElement('rect', { class: 'marsad-map__sea', x: 0, y: 0, width: drawing.width, height: drawing.height }, svg);
  const layer = svgElement('g', {}, svg);
  svgElement('path', { class: 'marsad-map__land', d: drawing.land }, layer);
  svgElement('path', { class: 'marsad-map__borders', d: drawing.borders }, layer);
  const points = svgElement('g', { class: 'marsad-map__points' }, layer);
  const circles: MapView['circles'] = new Map();
  const zoom = attachZoom(svg, layer, drawing.width, drawing.height, {
    maxScale: 24,
    onScale: (scale) => {
      for (const [circle, { radius }] of circles) circle.setAttribute('r', px(radius / scale));
    },
  });
  zoomButtons(root, zoom, text);
  const empty = emptyMessage(text.mapEmpty, root);
  empty.classList.add('is-overlay');
  const view: MapView = { root, lang: options.lang, options, points, empty, tooltip: new Tooltip(root), zoom, circles };

  const circleOf = (target: EventTarget | null): SVGCircleElement | null =>
    target instanceof SVGCircleElement && circles.has(target) ? target : null;
  points.addEventListener('pointerover', (event) => {
    const circle = circleOf(event.target);
    if (circle !== null) view.tooltip.show(placeContent(circles.get(circle)!.point, view.options), event.clientX, event.clientY);
  });
  points.addEventListener('pointermove', (event) => view.tooltip.moveTo(event.clientX, event.clientY));
  points.addEventListener('pointerout', () => view.tooltip.hide());
  points.addEventListener('focusin', (event) => {
    const circle = circleOf(event.target);
    if (circle !== null) view.tooltip.showAt(placeContent(circles.get(circle)!.point, view.options), circle);
  });
  points.addEventListener('focusout', () => view.tooltip.hide());
  const select = (target: EventTarget | null): void => {
    const circle = circleOf(target);
    if (circle !== null) view.options.onSelectPlace?.(circles.get(circle)!.point);
  };
  points.addEventListener('click', (event) => select(event.target));
  points.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    select(event.target);
  });
  return view;
}

/** Replace the circles with those of `points`. */
function drawPoints(view: MapView, points: readonly MapPoint[]): void {
  const drawing = world110m();
  const text = chartText(view.options.lang);
  const formatCount = countFormatter(view.options.lang);
  const selectable = view.options.onSelectPlace !== undefined;
  const placed = points
    .filter((point) => point.count > 0)
    .map((point) => ({ point, xy: drawing.project(point.lon, point.lat) }))
    .filter((entry): entry is { point: MapPoint; xy: [number, number] } => entry.xy !== null)
    .sort((a, b) => b.point.count - a.point.count);
  const maxCount = placed[0]?.point.count ?? 1;
  const scale = view.zoom.scale();
  const layer = document.createDocumentFragment();
  view.circles.clear();
  view.tooltip.hide();
  placed.forEach(({ point, xy: [x, y] }, i) => {
    const type = dominantType(point.byType);
    const radius = Math.max(MIN_RADIUS, MAX_RADIUS * Math.sqrt(point.count / maxCount));
    const circle = svgElement('circle', {
      'data-testid': 'map-point', 'data-name': point.name, class: 'marsad-map__point',
      cx: px(x), cy: px(y), r: px(radius / scale), fill: type === null ? '#6b7280' : TYPE_COLORS[type],
    }, layer);
    if (selectable && i < FOCUSABLE_POINTS) {
      circle.setAttribute('tabindex', '0');
      circle.setAttribute('role', 'button');
      circle.setAttribute('aria-label', `${point.name} (${text.events}: ${formatCount(point.count)})`);
    }
    view.circles.set(circle, { point, radius });
  });
  view.points.replaceChildren(layer);
  view.points.classList.toggle('is-selectable', selectable);
  view.empty.hidden = placed.length > 0;
}

/** The tooltip of a place: name, country, counts by type, total. */
function placeContent(point: MapPoint, options: MapOptions): TooltipContent {
  const text = chartText(options.lang);
  const formatCount = countFormatter(options.lang);
  return {
    title: point.name,
    ...(point.country === null ? {} : { subtitle: `${text.country}: ${point.country}` }),
    rows: [
      ...countsByType(point.byType).map(({ type, count }) => ({ label: options.typeLabel(type), value: formatCount(count), color: TYPE_COLORS[type] })),
      { label: text.total, value: formatCount(point.count), strong: true },
    ],
  };
}

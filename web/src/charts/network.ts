/**
 * The actor network: who acted on whom. Nodes are actors sized by their events, edges are arrows from actor to
 * recipient, as wide as their events and coloured by their most frequent event type (a loop for an actor acting on
 * itself). The layout is a d3-force simulation run synchronously for a fixed number of ticks and drawn once (the
 * same graph object keeps its layout across redraws), fitted to the host's width and redrawn when it changes. Only
 * the biggest nodes are labelled (long labels truncated, overlapping ones left out) so that a thousand edges stay
 * readable; hovering a node brings out its edges and neighbours, tooltips give a node's events and an edge's counts
 * by type, a click on a node selects the actor, and the wheel, a drag and buttons zoom and pan.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3-force';
import type { ActorGraph } from '../../../src/store/store.js';
import type { PloverType } from '../../../src/types.js';
import './charts.css';
import { chartRoot, emptyMessage, htmlElement, px, svgElement } from './dom.js';
import { chartText, countFormatter } from './format.js';
import { Tooltip, type TooltipContent } from './tooltip.js';
import { TYPE_COLORS, countsByType, dominantType } from './type-colors.js';
import type { ChartOptions } from './types.js';
import { attachZoom, zoomButtons } from './zoom.js';

/** Options of the network: the shared ones and what a click selects. */
export type NetworkOptions = ChartOptions & {
  /** A node was clicked (or chosen with Enter): its actor's label. */
  onSelectActor?: (label: string) => void;
};

/** An actor in the layout (x, y set by the simulation). */
interface LayoutNode extends SimulationNodeDatum {
  id: string;
  label: string;
  country: string | null;
  count: number;
  /** Radius in layout units. */
  radius: number;
}

/** An edge between layout nodes. */
interface LayoutEdge {
  source: LayoutNode;
  target: LayoutNode;
  count: number;
  byType: Partial<Record<PloverType, number>>;
}

interface Layout {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

/**
 * Simulation ticks: 300 (d3-force's default cooling) up to FULL_TICK_NODES nodes, fewer for larger graphs (each
 * tick costs about n log n), never under MIN_TICKS.
 */
const TICKS = 300;
const FULL_TICK_NODES = 250;
const MIN_TICKS = 120;
const FALLBACK_WIDTH = 720;
const PADDING = 16;
/** Largest enlargement of the layout's distances, and of one axis over the other, when fitting it. */
const MAX_FIT = 3;
const MAX_STRETCH = 1.6;
/** Node radius range in pixels before fitting. */
const MIN_NODE_RADIUS = 3;
const MAX_NODE_RADIUS = 16;
/** Edge width range in pixels. */
const MIN_EDGE_WIDTH = 0.8;
const MAX_EDGE_WIDTH = 6;
/** Labelled nodes: at most this many, and one per this many square pixels. */
const MAX_LABELS = 60;
const PIXELS_PER_LABEL = 9000;
const LABEL_CHARS = 18;
const LABEL_CHAR_PX = 6.2;
const LABEL_HEIGHT = 13;
/** Arrowhead length in pixels. */
const ARROW = 7;

const layouts = new WeakMap<ActorGraph, Layout>();
const observers = new WeakMap<HTMLElement, ResizeObserver>();
/** Makes the arrowhead marker ids of each drawing unique in the document. */
let drawings = 0;

/** Draw the actor network `graph` into `host`, replacing its content. */
export function renderNetwork(host: HTMLElement, graph: ActorGraph, options: NetworkOptions): void {
  observers.get(host)?.disconnect();
  observers.delete(host);
  const root = chartRoot(host, 'network', options.lang);
  const layout = layoutOf(graph);
  if (layout.nodes.length === 0) {
    emptyMessage(chartText(options.lang).networkEmpty, root);
    return;
  }
  const plot = htmlElement('div', 'marsad-chart__plot', {}, root);
  const tooltip = new Tooltip(root);
  const toolbar = htmlElement('div', 'marsad-chart__toolbar-slot', {}, root);
  let drawnWidth = -1;
  const draw = (): void => {
    const width = plot.clientWidth > 0 ? plot.clientWidth : FALLBACK_WIDTH;
    if (Math.abs(width - drawnWidth) < 1) return;
    drawnWidth = width;
    tooltip.hide();
    const { svg, zoom } = drawNetwork(layout, width, options, tooltip);
    plot.replaceChildren(svg);
    toolbar.replaceChildren();
    zoomButtons(toolbar, zoom, chartText(options.lang));
  };
  draw();
  const observer = new ResizeObserver(draw);
  observer.observe(plot);
  observers.set(host, observer);
}

/** The layout of `graph`, simulated once per graph object. */
function layoutOf(graph: ActorGraph): Layout {
  const cached = layouts.get(graph);
  if (cached !== undefined) return cached;
  const byId = new Map<string, LayoutNode>();
  for (const node of graph.nodes) {
    if (!byId.has(node.id)) byId.set(node.id, { id: node.id, label: node.label, country: node.country, count: node.count, radius: 0 });
  }
  // An endpoint the nodes do not list still gets a node, counting its edges' events.
  const missing = new Map<string, number>();
  for (const edge of graph.edges) {
    for (const id of [edge.source, edge.target]) if (!byId.has(id)) missing.set(id, (missing.get(id) ?? 0) + edge.count);
  }
  for (const [id, count] of missing) byId.set(id, { id, label: id, country: null, count, radius: 0 });
  const nodes = [...byId.values()];
  const maxCount = Math.max(1, ...nodes.map((node) => node.count));
  for (const node of nodes) node.radius = MIN_NODE_RADIUS + (MAX_NODE_RADIUS - MIN_NODE_RADIUS) * Math.sqrt(Math.max(0, node.count) / maxCount);
  const edges: LayoutEdge[] = graph.edges
    .filter((edge) => edge.count > 0)
    .map((edge) => ({ source: byId.get(edge.source)!, target: byId.get(edge.target)!, count: edge.count, byType: edge.byType }));

  const links = edges.filter((edge) => edge.source !== edge.target).map((edge) => ({ source: edge.source, target: edge.target }));
  const ticks = nodes.length <= FULL_TICK_NODES ? TICKS : Math.max(MIN_TICKS, Math.round((TICKS * FULL_TICK_NODES) / nodes.length));
  // Cool from alpha 1 to d3's alphaMin (0.001) in exactly `ticks` steps; collisions are resolved in the last third,
  // once the structure has formed. A wider-than-tall pull matches the drawing's shape.
  const simulation = forceSimulation(nodes)
    .alphaDecay(1 - 0.001 ** (1 / ticks))
    .force('link', forceLink(links).distance((link) => 24 + link.source.radius + link.target.radius))
    .force('charge', forceManyBody<LayoutNode>().strength((node) => -24 - 3 * node.radius).distanceMax(320).theta(1.2))
    .force('x', forceX(0).strength(0.04))
    .force('y', forceY(0).strength(0.09))
    .stop();
  const settle = Math.round(ticks / 3);
  simulation.tick(ticks - settle);
  simulation.force('collide', forceCollide<LayoutNode>((node) => node.radius + 2)).tick(settle);
  const layout = { nodes, edges };
  layouts.set(graph, layout);
  return layout;
}

/** A node's place on screen. */
interface Placed {
  node: LayoutNode;
  x: number;
  y: number;
  r: number;
}

/** The SVG of the network fitted to `width` pixels, and its zoom. */
function drawNetwork(layout: Layout, width: number, options: NetworkOptions, tooltip: Tooltip): { svg: SVGSVGElement; zoom: ReturnType<typeof attachZoom> } {
  const text = chartText(options.lang);
  const formatCount = countFormatter(options.lang);
  const height = Math.round(Math.min(640, Math.max(340, width * 0.62)));
  const prefix = `marsad-arrow-${++drawings}`;

  // Fit the layout's extent into the drawing, stretching one axis at most MAX_STRETCH times the other; nodes shrink
  // with a layout that must shrink, never grow.
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const node of layout.nodes) {
    x0 = Math.min(x0, node.x! - node.radius);
    y0 = Math.min(y0, node.y! - node.radius);
    x1 = Math.max(x1, node.x! + node.radius);
    y1 = Math.max(y1, node.y! + node.radius);
  }
  let fitX = Math.min(MAX_FIT, (width - 2 * PADDING) / Math.max(1, x1 - x0));
  let fitY = Math.min(MAX_FIT, (height - 2 * PADDING) / Math.max(1, y1 - y0));
  fitX = Math.min(fitX, fitY * MAX_STRETCH);
  fitY = Math.min(fitY, fitX * MAX_STRETCH);
  const radiusScale = Math.max(0.5, Math.min(1, fitX, fitY));
  const placed = new Map<LayoutNode, Placed>();
  for (const node of layout.nodes) {
    placed.set(node, {
      node,
      x: width / 2 + (node.x! - (x0 + x1) / 2) * fitX,
      y: height / 2 + (node.y! - (y0 + y1) / 2) * fitY,
      r: Math.max(2, node.radius * radiusScale),
    });
  }

  const svg = svgElement('svg', {
    class: 'marsad-chart__svg marsad-chart__zoomable', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': text.networkLabel,
  });
  const defs = svgElement('defs', {}, svg);
  const edgeTypes = new Set<PloverType | null>();
  const layer = svgElement('g', {}, svg);
  const edgeLayer = svgElement('g', { class: 'marsad-network__edges' }, layer);
  const nodeLayer = svgElement('g', { class: 'marsad-network__nodes' }, layer);
  const labelLayer = svgElement('g', { class: 'marsad-network__labels' }, layer);

  // Edges, thin first so that the busiest lie on top.
  const maxEdge = Math.max(1, ...layout.edges.map((edge) => edge.count));
  const edgeOf = new Map<Element, LayoutEdge>();
  const linked = new Map<LayoutNode, Element[]>();
  const link = (node: LayoutNode, element: Element): void => {
    const list = linked.get(node);
    if (list === undefined) linked.set(node, [element]);
    else list.push(element);
  };
  for (const edge of [...layout.edges].sort((a, b) => a.count - b.count)) {
    const type = dominantType(edge.byType);
    edgeTypes.add(type);
    const strokeWidth = MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * Math.sqrt(edge.count / maxEdge);
    const d = edgePath(placed.get(edge.source)!, placed.get(edge.target)!);
    const group = svgElement('g', { 'data-testid': 'network-edge', 'data-source': edge.source.label, 'data-target': edge.target.label, class: 'marsad-network__edge' }, edgeLayer);
    svgElement('path', { class: 'marsad-network__edge-hit', d, 'stroke-width': px(Math.max(8, strokeWidth + 4)) }, group);
    svgElement('path', {
      class: 'marsad-network__edge-line', d, stroke: colorOf(type), 'stroke-width': px(strokeWidth), 'marker-end': `url(#${prefix}-${type ?? 'none'})`,
    }, group);
    edgeOf.set(group, edge);
    link(edge.source, group);
    if (edge.target !== edge.source) link(edge.target, group);
  }
  for (const type of edgeTypes) {
    const marker = svgElement('marker', {
      id: `${prefix}-${type ?? 'none'}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: ARROW, markerHeight: ARROW, markerUnits: 'userSpaceOnUse', orient: 'auto',
    }, defs);
    svgElement('path', { d: 'M0,1 L10,5 L0,9 z', fill: colorOf(type) }, marker);
  }

  // Nodes, largest first so that small ones stay on top; labels for the biggest that fit.
  const selectable = options.onSelectActor !== undefined;
  const bySize = [...placed.values()].sort((a, b) => b.node.count - a.node.count);
  const labelCount = Math.min(MAX_LABELS, Math.max(8, Math.floor((width * height) / PIXELS_PER_LABEL)));
  const labelled = new Set(bySize.slice(0, labelCount).map((p) => p.node));
  const nodeOf = new Map<Element, LayoutNode>();
  const groupOf = new Map<LayoutNode, SVGGElement>();
  for (const { node, x, y, r } of bySize) {
    const group = svgElement('g', { 'data-testid': 'network-node', 'data-label': node.label, class: 'marsad-network__node', transform: `translate(${px(x)},${px(y)})` }, nodeLayer);
    svgElement('circle', { r: px(r) }, group);
    if (selectable && labelled.has(node)) {
      group.setAttribute('tabindex', '0');
      group.setAttribute('role', 'button');
      group.setAttribute('aria-label', `${node.label} (${text.events}: ${formatCount(node.count)})`);
    }
    nodeOf.set(group, node);
    groupOf.set(node, group);
  }
  drawLabels(labelLayer, bySize.filter((p) => labelled.has(p.node)), width, height);

  // Hover and focus: a node brings out its edges and neighbours; tooltips for nodes and edges.
  const focusNode = (node: LayoutNode | null): void => {
    svg.classList.toggle('is-focusing', node !== null);
    for (const element of svg.querySelectorAll('.is-linked')) element.classList.remove('is-linked');
    if (node === null) return;
    groupOf.get(node)!.classList.add('is-linked');
    for (const element of linked.get(node) ?? []) {
      element.classList.add('is-linked');
      const edge = edgeOf.get(element)!;
      groupOf.get(edge.source === node ? edge.target : edge.source)!.classList.add('is-linked');
    }
  };
  const nodeContent = (node: LayoutNode): TooltipContent => ({
    title: node.label,
    ...(node.country === null ? {} : { subtitle: `${text.country}: ${node.country}` }),
    rows: [{ label: text.events, value: formatCount(node.count), strong: true }],
  });
  const edgeContent = (edge: LayoutEdge): TooltipContent => ({
    title: `${text.actor}: ${edge.source.label}`,
    subtitle: `${text.recipient}: ${edge.target.label}`,
    rows: [
      ...countsByType(edge.byType).map(({ type, count }) => ({ label: options.typeLabel(type), value: formatCount(count), color: TYPE_COLORS[type] })),
      { label: text.total, value: formatCount(edge.count), strong: true },
    ],
  });
  const hit = (target: EventTarget | null): { node: LayoutNode; element: Element } | { edge: LayoutEdge } | null => {
    if (!(target instanceof Element)) return null;
    const nodeGroup = target.closest('.marsad-network__node');
    if (nodeGroup !== null) return { node: nodeOf.get(nodeGroup)!, element: nodeGroup };
    const edgeGroup = target.closest('.marsad-network__edge');
    return edgeGroup === null ? null : { edge: edgeOf.get(edgeGroup)! };
  };
  layer.addEventListener('pointerover', (event) => {
    const found = hit(event.target);
    if (found === null) return;
    if ('node' in found) focusNode(found.node);
    tooltip.show('node' in found ? nodeContent(found.node) : edgeContent(found.edge), event.clientX, event.clientY);
  });
  layer.addEventListener('pointermove', (event) => tooltip.moveTo(event.clientX, event.clientY));
  layer.addEventListener('pointerout', () => {
    focusNode(null);
    tooltip.hide();
  });
  layer.addEventListener('focusin', (event) => {
    const found = hit(event.target);
    if (found === null || !('node' in found)) return;
    focusNode(found.node);
    tooltip.showAt(nodeContent(found.node), found.element);
  });
  layer.addEventListener('focusout', () => {
    focusNode(null);
    tooltip.hide();
  });
  const onSelectActor = options.onSelectActor;
  if (onSelectActor !== undefined) {
    nodeLayer.classList.add('is-selectable');
    const select = (target: EventTarget | null): void => {
      const found = hit(target);
      if (found !== null && 'node' in found) onSelectActor(found.node.label);
    };
    nodeLayer.addEventListener('click', (event) => select(event.target));
    nodeLayer.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      select(event.target);
    });
  }
  const zoom = attachZoom(svg, layer, width, height, { maxScale: 8 });
  return { svg, zoom };
}

/** The colour of an edge's dominant type (grey without one). */
function colorOf(type: PloverType | null): string {
  return type === null ? '#6b7280' : TYPE_COLORS[type];
}

/**
 * Path data of an edge: a gentle arc from the source's rim to the target's, bulging to its left so that the two
 * directions between a pair stay apart, ending where the arrowhead's tip meets the target; a loop for a self-edge.
 */
function edgePath(source: Placed, target: Placed): string {
  if (source === target) {
    const { x, y, r } = source;
    const reach = r + 14;
    const start = [x - r * 0.6, y - r * 0.8];
    const end = [x + r * 0.6, y - r * 0.8];
    return `M${px(start[0]!)},${px(start[1]!)} C${px(x - reach)},${px(y - reach * 1.6)} ${px(x + reach)},${px(y - reach * 1.6)} ${px(end[0]!)},${px(end[1]!)}`;
  }
  const dx = target.x - source.x;
  const dy = target.y - source.y;
  const distance = Math.hypot(dx, dy) || 1;
  const bend = distance * 0.12;
  const cx = (source.x + target.x) / 2 + (dy / distance) * bend;
  const cy = (source.y + target.y) / 2 - (dx / distance) * bend;
  const towards = (from: Placed, inset: number): [number, number] => {
    const ux = cx - from.x;
    const uy = cy - from.y;
    const length = Math.hypot(ux, uy) || 1;
    return [from.x + (ux / length) * inset, from.y + (uy / length) * inset];
  };
  const [sx, sy] = towards(source, source.r);
  const [ex, ey] = towards(target, target.r + 1);
  return `M${px(sx)},${px(sy)} Q${px(cx)},${px(cy)} ${px(ex)},${px(ey)}`;
}

/** Labels beside the given nodes, on the right or else the left, leaving out any that would overlap another. */
function drawLabels(layer: SVGGElement, nodes: readonly Placed[], width: number, height: number): void {
  const taken: Array<[number, number, number, number]> = [];
  const free = (box: [number, number, number, number]): boolean =>
    box[0] >= 0 && box[2] <= width && box[1] >= 0 && box[3] <= height &&
    taken.every(([a0, b0, a1, b1]) => box[2] <= a0 || box[0] >= a1 || box[3] <= b0 || box[1] >= b1);
  // Every labelled node's circle is kept clear too.
  for (const { x, y, r } of nodes) taken.push([x - r, y - r, x + r, y + r]);
  for (const { node, x, y, r } of nodes) {
    const label = node.label.length > LABEL_CHARS ? `${node.label.slice(0, LABEL_CHARS - 1)}…` : node.label;
    const labelWidth = label.length * LABEL_CHAR_PX;
    const top = y - LABEL_HEIGHT / 2;
    const right: [number, number, number, number] = [x + r + 3, top, x + r + 3 + labelWidth, top + LABEL_HEIGHT];
    const left: [number, number, number, number] = [x - r - 3 - labelWidth, top, x - r - 3, top + LABEL_HEIGHT];
    const box = free(right) ? right : free(left) ? left : null;
    if (box === null) continue;
    taken.push(box);
    const text = svgElement('text', { class: 'marsad-network__label', x: px(box[0]), y: px(y), dy: '0.32em', 'text-anchor': 'start' }, layer);
    text.textContent = label;
  }
}

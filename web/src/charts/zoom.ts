/**
 * Wheel zoom and drag pan of an SVG layer (the map's and the network's), by its `transform` attribute: zoom keeps
 * the point under the pointer still, the view never leaves the drawing (scale 1 … `maxScale`, the layer always
 * covering the viewport), updates are batched to one per animation frame, and a drag does not end in a click on
 * what it started on. `zoomButtons` adds the zoom in, zoom out and reset buttons.
 */
import { htmlElement } from './dom.js';

/** Zoom and pan settings. */
export interface ZoomOptions {
  /** Largest scale (1 is the whole drawing). */
  maxScale: number;
  /** Called with the new scale, once per frame in which it changed. */
  onScale?: (scale: number) => void;
}

/** Control of a zoomable layer. */
export interface ZoomControl {
  /** Zoom by `factor` about the viewport's centre. */
  zoomBy(factor: number): void;
  /** Back to the whole drawing. */
  reset(): void;
  /** The current scale. */
  scale(): number;
}

/** Pointer travel, in CSS pixels, before a press becomes a drag. */
const DRAG_THRESHOLD = 4;

/**
 * Make `layer` zoomable and pannable inside `svg`, whose drawing is `width` × `height` user units; the listeners
 * live on `svg` and go with it.
 */
export function attachZoom(svg: SVGSVGElement, layer: SVGGElement, width: number, height: number, options: ZoomOptions): ZoomControl {
  let k = 1;
  let x = 0;
  let y = 0;
  let drawnScale = 1;
  let frame = 0;
  let drag: { pointerId: number; clientX: number; clientY: number; x: number; y: number; moved: boolean } | null = null;
  let swallowClick = false;

  const draw = (): void => {
    frame = 0;
    layer.setAttribute('transform', `translate(${x.toFixed(2)},${y.toFixed(2)}) scale(${k.toFixed(4)})`);
    svg.classList.toggle('is-zoomed', k > 1);
    if (k !== drawnScale) {
      drawnScale = k;
      options.onScale?.(k);
    }
  };
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  };
  const clamp = (): void => {
    k = Math.min(options.maxScale, Math.max(1, k));
    x = Math.min(0, Math.max(width * (1 - k), x));
    y = Math.min(0, Math.max(height * (1 - k), y));
  };
  /** Scale by `factor` keeping the user point (px, py) where it is. */
  const zoomAt = (px: number, py: number, factor: number): void => {
    const next = Math.min(options.maxScale, Math.max(1, k * factor));
    x = px - ((px - x) * next) / k;
    y = py - ((py - y) * next) / k;
    k = next;
    clamp();
    schedule();
  };
  /** The user-space point of a viewport point, or null when the SVG is not rendered. */
  const toUser = (clientX: number, clientY: number): DOMPoint | null => {
    const matrix = svg.getScreenCTM();
    return matrix === null ? null : new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
  };

  svg.addEventListener('wheel', (event) => {
    const point = toUser(event.clientX, event.clientY);
    if (point === null) return;
    event.preventDefault();
    const perPixel = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 0.04 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 0.8 : 0.002;
    zoomAt(point.x, point.y, Math.exp(-event.deltaY * perPixel));
  }, { passive: false });

  svg.addEventListener('pointerdown', (event) => {
    if (!event.isPrimary || event.button !== 0) return;
    drag = { pointerId: event.pointerId, clientX: event.clientX, clientY: event.clientY, x, y, moved: false };
  });
  svg.addEventListener('pointermove', (event) => {
    if (drag === null || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.clientX;
    const dy = event.clientY - drag.clientY;
    if (!drag.moved) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD || k === 1) return;
      drag.moved = true;
      // Captured only once it is a drag, so that a plain click still reaches the element pressed.
      svg.setPointerCapture(event.pointerId);
      svg.classList.add('is-panning');
    }
    const matrix = svg.getScreenCTM();
    const unitsPerPixel = matrix === null || matrix.a === 0 ? 1 : 1 / matrix.a;
    x = drag.x + dx * unitsPerPixel;
    y = drag.y + dy * unitsPerPixel;
    clamp();
    schedule();
  });
  const endDrag = (event: PointerEvent): void => {
    if (drag === null || event.pointerId !== drag.pointerId) return;
    if (drag.moved) {
      swallowClick = true;
      // The click of this press, if any, comes before any timer; a press released elsewhere has none.
      setTimeout(() => { swallowClick = false; }, 0);
      svg.classList.remove('is-panning');
    }
    drag = null;
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('click', (event) => {
    if (!swallowClick) return;
    swallowClick = false;
    event.stopPropagation();
    event.preventDefault();
  }, { capture: true });

  return {
    zoomBy: (factor) => zoomAt(width / 2, height / 2, factor),
    reset: () => {
      k = 1;
      x = 0;
      y = 0;
      schedule();
    },
    scale: () => k,
  };
}

/** Zoom in, zoom out and reset buttons for `zoom`, labelled (for screen readers and as tooltips) with `labels`. */
export function zoomButtons(parent: HTMLElement, zoom: ZoomControl, labels: { zoomIn: string; zoomOut: string; resetView: string }): HTMLDivElement {
  const toolbar = htmlElement('div', 'marsad-chart__toolbar', {}, parent);
  for (const [label, symbol, action] of [
    [labels.zoomIn, '+', () => zoom.zoomBy(2)],
    [labels.zoomOut, '−', () => zoom.zoomBy(0.5)],
    [labels.resetView, '⟲', () => zoom.reset()],
  ] as const) {
    const button = htmlElement('button', 'marsad-chart__tool', { type: 'button', 'aria-label': label, title: label }, toolbar);
    button.textContent = symbol;
    button.addEventListener('click', action);
  }
  return toolbar;
}

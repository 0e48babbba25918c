/**
 * Small DOM helpers of the charts: SVG and HTML elements with attributes (never a `style` attribute, which the
 * dashboard's CSP forbids: colours go through SVG presentation attributes or `element.style`), the chart's root
 * element in a host, and the empty-state message.
 */
import type { ChartOptions } from './types.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Attribute values; numbers are written as they print. */
export type Attributes = Record<string, string | number>;

/** An SVG element with `attributes`, appended to `parent` when given. */
export function svgElement<K extends keyof SVGElementTagNameMap>(name: K, attributes: Attributes = {}, parent?: Node): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent?.appendChild(element);
  return element;
}

/** An HTML element with a class and `attributes`, appended to `parent` when given. */
export function htmlElement<K extends keyof HTMLElementTagNameMap>(name: K, className: string, attributes: Attributes = {}, parent?: Node): HTMLElementTagNameMap[K] {
  const element = document.createElement(name);
  element.className = className;
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent?.appendChild(element);
  return element;
}

/** Replace the host's content with a fresh chart root of `kind` in the direction of `lang`, and return the root. */
export function chartRoot(host: HTMLElement, kind: 'timeline' | 'map' | 'network', lang: ChartOptions['lang']): HTMLDivElement {
  const root = htmlElement('div', `marsad-chart marsad-chart--${kind}`, { dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  host.replaceChildren(root);
  return root;
}

/** A message in place of a chart with nothing to draw. */
export function emptyMessage(text: string, parent: Element): HTMLParagraphElement {
  const message = htmlElement('p', 'marsad-chart__empty', { role: 'status' }, parent);
  message.textContent = text;
  return message;
}

/** Whole pixels of `value`, at most two decimals, for attributes. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * The charts' hover tooltip: a div inside the chart root (positioned by `element.style`, which the CSP allows),
 * filled with text nodes only, kept inside the chart's box next to the pointer or the focused element.
 */
import { htmlElement } from './dom.js';

/** A line of a tooltip: a label, a value, and the colour swatch of an event type. */
export interface TooltipRow {
  label: string;
  value: string;
  color?: string;
  /** A summary line (the total), set apart. */
  strong?: boolean;
}

/** What a tooltip shows. */
export interface TooltipContent {
  title: string;
  subtitle?: string;
  rows: TooltipRow[];
}

/** Gap between the pointer and the tooltip, in pixels. */
const OFFSET = 14;

/** A tooltip of one chart root. */
export class Tooltip {
  private readonly element: HTMLDivElement;

  constructor(private readonly container: HTMLElement) {
    this.element = htmlElement('div', 'marsad-chart__tooltip', { role: 'tooltip', 'aria-hidden': 'true' }, container);
    this.element.hidden = true;
  }

  /** Show `content` next to the viewport point (clientX, clientY). */
  show(content: TooltipContent, clientX: number, clientY: number): void {
    this.fill(content);
    this.element.hidden = false;
    this.moveTo(clientX, clientY);
  }

  /** Show `content` next to an element (for keyboard focus). */
  showAt(content: TooltipContent, target: Element): void {
    const box = target.getBoundingClientRect();
    this.show(content, box.left + box.width / 2, box.top + box.height / 2);
  }

  /** Follow the pointer. */
  moveTo(clientX: number, clientY: number): void {
    if (this.element.hidden) return;
    const area = this.container.getBoundingClientRect();
    const width = this.element.offsetWidth;
    const height = this.element.offsetHeight;
    const x = clientX - area.left;
    const y = clientY - area.top;
    let left = x + OFFSET;
    if (left + width > area.width) left = x - OFFSET - width;
    let top = y + OFFSET;
    if (top + height > area.height) top = y - OFFSET - height;
    this.element.style.left = `${Math.max(0, Math.min(left, area.width - width))}px`;
    this.element.style.top = `${Math.max(0, top)}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }

  private fill(content: TooltipContent): void {
    const title = htmlElement('div', 'marsad-chart__tooltip-title');
    title.textContent = content.title;
    const parts: HTMLElement[] = [title];
    if (content.subtitle !== undefined) {
      const subtitle = htmlElement('div', 'marsad-chart__tooltip-subtitle');
      subtitle.textContent = content.subtitle;
      parts.push(subtitle);
    }
    const table = htmlElement('div', 'marsad-chart__tooltip-rows');
    for (const row of content.rows) {
      const line = htmlElement('div', row.strong === true ? 'marsad-chart__tooltip-row is-strong' : 'marsad-chart__tooltip-row', {}, table);
      const swatch = htmlElement('span', 'marsad-chart__swatch', {}, line);
      if (row.color !== undefined) swatch.style.backgroundColor = row.color;
      else swatch.classList.add('is-blank');
      const label = htmlElement('span', 'marsad-chart__tooltip-label', {}, line);
      label.textContent = row.label;
      const value = htmlElement('span', 'marsad-chart__tooltip-value', {}, line);
      value.textContent = row.value;
    }
    parts.push(table);
    this.element.replaceChildren(...parts);
  }
}

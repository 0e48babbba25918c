/**
 * The one way the dashboard builds DOM: `h()` creates an element with text, classes, attributes and children, all
 * set as data (textContent, setAttribute, appendChild), never parsed as HTML. Attributes that would run code or
 * carry inline style (`on…`, `style`, `srcdoc`) are refused, and `href` only takes the app's own hash links or a
 * checked http(s) URL (`safeHttpUrl`), so no content from the API can become markup, a handler or a script URL.
 */

/** What `h()` takes as a child: a node, a text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Properties of `h()`. */
export interface Props {
  /** Space-separated class names. */
  class?: string;
  /** `data-testid`. */
  testid?: string;
  /** Other attributes (not event handlers, not `style`, `href` only as `#…` or http(s)). */
  attrs?: Record<string, string | number | boolean | null | undefined>;
  /** Event listeners. */
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const FORBIDDEN_ATTRIBUTE = /^(on|style$|srcdoc$|formaction$)/i;

/** Whether `href` is the app's own hash link. */
const isHashLink = (value: string): boolean => value.startsWith('#');

/** The URL if it is an absolute http(s) URL, else null. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Set one attribute, refusing those that could run code. */
export function setAttr(el: Element, name: string, value: string | number | boolean | null | undefined): void {
  if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`dom: attribute "${name}" is not allowed`);
  if (value === null || value === undefined || value === false) {
    el.removeAttribute(name);
    return;
  }
  const text = value === true ? '' : String(value);
  if ((name === 'href' || name === 'src' || name === 'action' || name === 'xlink:href') && !isHashLink(text) && safeHttpUrl(text) === null) {
    throw new Error(`dom: ${name} must be a #link or an http(s) URL`);
  }
  el.setAttribute(name, text);
}

/** Append children (text as text nodes). */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Create an element. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) el.className = props.class;
    if (props.testid) el.dataset.testid = props.testid;
    if (props.attrs) for (const [name, value] of Object.entries(props.attrs)) setAttr(el, name, value);
    if (props.on) {
      for (const [type, listener] of Object.entries(props.on)) el.addEventListener(type, listener as EventListener);
    }
  }
  append(el, ...children);
  return el;
}

/** Replace an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** An external link that opens the page without giving it this window (rel noopener noreferrer), or null. */
export function externalLink(url: string | null | undefined, label: string, props: Props = {}): HTMLAnchorElement | null {
  const href = safeHttpUrl(url);
  if (href === null) return null;
  return h('a', { ...props, attrs: { ...props.attrs, href, target: '_blank', rel: 'noopener noreferrer' } }, label);
}

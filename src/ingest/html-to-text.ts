/**
 * Extract an article's text from HTML with a real parser (htmlparser2): paragraph and line breaks are
 * kept, scripts, styles, navigation, asides, footers, forms and embedded media are dropped, and the page
 * metadata (title, og:site_name, article:published_time, canonical URL) is collected.
 */
import { Parser } from 'htmlparser2';
import { InputError } from './input-error.js';

/**
 * Deepest element nesting read. htmlparser2 keeps open elements in an array it shifts at the front, so each tag costs
 * time in the depth: 100,000 unclosed tags took 10 s. Browsers flatten past 512 levels; a page past this is refused.
 */
export const MAX_HTML_DEPTH = 1000;

/** Text and metadata found in an HTML page. */
export interface HtmlExtract {
  /** Plain text, one paragraph per line. */
  text: string;
  /** The page's headline: the first h1 (it is in the text), else og:title, else <title>. */
  title: string | null;
  /** og:site_name or application-name. */
  source: string | null;
  /** article:published_time, datePublished or pubdate meta. */
  published: string | null;
  /** Canonical link or og:url. */
  url: string | null;
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'nav', 'aside', 'footer', 'form', 'button', 'select', 'iframe', 'svg', 'canvas', 'video', 'audio', 'object', 'embed', 'head']);
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'main',
  'blockquote', 'pre', 'table', 'tr', 'td', 'th', 'figure', 'figcaption', 'dd', 'dt', 'dl', 'hr', 'address', 'title',
]);

/** Parse `html` and return its text and metadata; HTML nested deeper than MAX_HTML_DEPTH throws InputError. */
export function htmlToText(html: string): HtmlExtract {
  const parts: string[] = [];
  let depth = 0;
  let skipDepth = 0;
  let inTitle = false;
  let inH1 = false;
  let titleTag = '';
  let h1 = '';
  const meta: Record<string, string> = {};
  let canonical: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        // The parser reports every close, implied ones included, so this counts its open elements.
        if (++depth > MAX_HTML_DEPTH) throw new InputError(`the HTML is nested more than ${MAX_HTML_DEPTH} elements deep; no article page is, so it is not read`);
        if (name === 'meta') {
          const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? '').toLowerCase();
          if (key && attrs.content !== undefined) meta[key] ??= attrs.content;
          return;
        }
        if (name === 'link' && (attrs.rel ?? '').toLowerCase() === 'canonical' && attrs.href) canonical ??= attrs.href;
        if (name === 'title') inTitle = true;
        if (SKIP.has(name)) skipDepth++;
        if (name === 'h1' && !h1) inH1 = true;
        if (BLOCK.has(name)) parts.push('\n');
      },
      ontext(data) {
        if (inTitle) titleTag += data;
        if (skipDepth > 0) return;
        if (inH1) h1 += data;
        parts.push(data);
      },
      onclosetag(name) {
        depth--;
        if (name === 'title') inTitle = false;
        if (name === 'h1') inH1 = false;
        if (SKIP.has(name) && skipDepth > 0) skipDepth--;
        if (BLOCK.has(name)) parts.push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  // Inside a paragraph, source line breaks are just spaces; paragraph boundaries were pushed as '\n'.
  const text = parts
    .map((p) => (p === '\n' ? p : p.replace(/[ \t\r\n\f]+/g, ' ')))
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
  const clean = (s: string | undefined | null): string | null => {
    const t = s?.replace(/\s+/g, ' ').trim();
    return t ? t : null;
  };
  return {
    text,
    title: clean(h1) ?? clean(meta['og:title']) ?? clean(titleTag),
    source: clean(meta['og:site_name']) ?? clean(meta['application-name']),
    published: clean(meta['article:published_time']) ?? clean(meta['datepublished']) ?? clean(meta['pubdate']) ?? clean(meta['date']),
    url: clean(canonical) ?? clean(meta['og:url']),
  };
}

/**
 * Stage: decode HTML character references left in scraped text — proper ones (`&quot;`), ones missing
 * their semicolon (`&nbsp`), double-escaped ones (`&amp;quot;`) and broken ones that lost their `&`
 * (`ل#x200d;داعش`). A reference that decodes to an invisible character is removed in the same repair.
 */
import { decodeHTML } from 'entities';
import type { Doc } from '../doc.js';
import { editText, type Edit } from './edit-text.js';
import { repairCharacter } from './repair-characters.js';

// `&(amp;)*name;?` and numeric references; or a numeric reference that lost its `&` (needs its `;`,
// so hashtags and "#5" stay). Example: `ل#x200d;داعش`, `&amp;quot;`, `&nbsp`.
const REFERENCE = /&(?:amp;)*(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)|(?<![&#\w])#(?:[0-9]{2,7}|[xX][0-9a-fA-F]{2,6});/g;

/** Decode one (possibly broken or double-escaped) reference; null when it is not one. */
export function decodeReference(ref: string): string | null {
  let body = ref.startsWith('&') ? ref.slice(1) : ref;
  while (body.startsWith('amp;') && body.length > 4) body = body.slice(4);
  const decoded = decodeHTML('&' + body);
  if (decoded !== '&' + body) return decoded;
  // Not a reference after all, but the `&amp;` layers before it were: keep one literal `&`.
  if (ref.startsWith('&amp;')) return '&' + body;
  return null;
}

/** The entity-repair stage. */
export function repairEntities() {
  return (doc: Doc): void => {
    const text = doc.text;
    if (!text.includes('&') && !text.includes('#')) return;
    const edits: Edit[] = [];
    REFERENCE.lastIndex = 0;
    for (let m = REFERENCE.exec(text); m; m = REFERENCE.exec(text)) {
      const ref = m[0];
      const decoded = decodeReference(ref);
      if (decoded === null) continue;
      // decodeHTML may leave a tail it did not use (`&copy=2` → `©=2`): only the reference itself is replaced.
      let insert = decoded;
      const chars = [...insert];
      const first = chars[0] ?? '';
      const fix = first.length > 0 ? repairCharacter(first) : null;
      let what = JSON.stringify(insert);
      if (fix && chars.length === 1) {
        insert = fix.insert;
        what = `${fix.what}, ${insert === '' ? 'removed' : 'replaced'}`;
      }
      const kind = !ref.startsWith('&') ? 'broken HTML entity' : ref.startsWith('&amp;') ? 'double-escaped HTML entity' : ref.endsWith(';') ? 'HTML entity' : 'HTML entity without its semicolon';
      edits.push({
        start: m.index,
        end: m.index + ref.length,
        insert,
        message: { rule: 'html-entity', reason: `${kind} "${ref}" decoded (${what})` },
      });
    }
    editText(doc, edits);
  };
}

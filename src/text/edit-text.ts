/**
 * Apply a batch of replacements to a document's text, keeping every offset that points into it true:
 * the origin map, the positions of earlier messages, and new messages for the edits that carry one.
 */
import type { Doc } from '../doc.js';
import type { Message } from '../types.js';

/** One replacement of `text.slice(start, end)` by `insert`, optionally reported as a message. */
export interface Edit {
  /** Start of the replaced range in the current text. */
  start: number;
  /** End of the replaced range. */
  end: number;
  /** The replacement ('' deletes). */
  insert: string;
  /** The message to leave, positioned on the replacement in the new text. */
  message?: { rule: string; reason: string };
}

/** Most messages one rule leaves per document before the rest are summarised in one. */
export const MESSAGES_PER_RULE = 50;

/**
 * Replace ranges of `doc.text`. Edits must be sorted by start and must not overlap; an edit whose
 * replacement equals what it replaces still counts (its message is kept).
 */
export function editText(doc: Doc, edits: readonly Edit[]): void {
  if (edits.length === 0) return;
  const old = doc.text;
  const parts: string[] = [];
  // Where each old position lands: needed to move earlier messages.
  const starts: number[] = [];
  const shifts: number[] = [];
  const added: Message[] = [];
  const perRule = new Map<string, number>();
  let pos = 0;
  let delta = 0;
  for (const edit of edits) {
    if (edit.start < pos || edit.end < edit.start || edit.end > old.length) {
      throw new Error(`editText: edits must be sorted, non-overlapping and inside the text (got ${edit.start}-${edit.end} after ${pos})`);
    }
    parts.push(old.slice(pos, edit.start), edit.insert);
    const at = edit.start + delta;
    if (edit.message) {
      const seen = (perRule.get(edit.message.rule) ?? 0) + 1;
      perRule.set(edit.message.rule, seen);
      if (seen <= MESSAGES_PER_RULE) {
        added.push({ rule: edit.message.rule, reason: edit.message.reason, start: at, end: at + edit.insert.length });
      }
    }
    delta += edit.insert.length - (edit.end - edit.start);
    starts.push(edit.end);
    shifts.push(delta);
    pos = edit.end;
  }
  parts.push(old.slice(pos));
  for (const [rule, seen] of perRule) {
    if (seen > MESSAGES_PER_RULE) {
      added.push({ rule, reason: `${seen - MESSAGES_PER_RULE} more ${rule} repairs like the ones above (${seen} in all)` });
    }
  }
  const move = (p: number): number => {
    // Position p in the old text: shifted by the edits that end at or before it; inside an edit → its start.
    let lo = 0;
    let hi = edits.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= p) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const next = edits[k + 1];
    const base = k >= 0 ? shifts[k]! : 0;
    if (next && p > next.start) return next.start + base;
    return p + base;
  };
  for (const m of doc.messages) {
    if (m.start !== undefined) m.start = move(m.start);
    if (m.end !== undefined) m.end = Math.max(m.start ?? 0, move(m.end));
  }
  doc.origin = doc.origin.compose(edits);
  doc.text = parts.join('');
  doc.messages.push(...added);
}

/**
 * Stage: drop lines that belong to the page, not the article — share and comment widgets, counters,
 * "اقرأ أيضا" teasers, follow-us prompts, copyright footers, a "رابط الخبر" link glued to the last paragraph,
 * scraper artifacts inside a line. The patterns are data (`model/boilerplate.json`,
 * checked against real corpus lines by `scripts/check-boilerplate.ts`); each removed line is a message.
 */
import type { Doc } from '../doc.js';
import { loadModelJson } from '../lexicon/load-model.js';
import { editText, type Edit } from './edit-text.js';

/** One pattern as stored in `model/boilerplate.json`. */
export interface BoilerplatePattern {
  /** Stable id, used as the message's reason prefix. */
  id: string;
  /**
   * `line`: any whole line that matches; `last`: a whole line among the last lines of the article;
   * `tail`: the end of the article's last line (junk glued to the last paragraph); `inline`: anywhere
   * (only for unmistakable artifacts, e.g. Cloudflare's `[email protected]`).
   */
  where: 'line' | 'last' | 'tail' | 'inline';
  /** Regex source matched against a whole line (anchored by the stage) or, for tail/inline, a part of one; flag `u`. */
  pattern: string;
  /** What the line is, for the message. */
  reason: string;
  /** Real lines the pattern is meant to remove. */
  examples?: string[];
}

/** The boilerplate model file. */
export interface BoilerplateModel {
  /** Format version. */
  version: number;
  /** Patterns. */
  patterns: BoilerplatePattern[];
}

/** Options for {@link stripBoilerplate}. */
export interface StripBoilerplateOptions {
  /** Patterns to use instead of `model/boilerplate.json`. */
  patterns?: BoilerplatePattern[];
  /** How many final lines `last` patterns look at (default 3). */
  lastLines?: number;
}

/** Lines longer than this are never boilerplate (keeps the scan cheap on long paragraphs). */
const MAX_LINE = 200;

/** The boilerplate-stripping stage. */
export function stripBoilerplate(options: StripBoilerplateOptions = {}) {
  const patterns = options.patterns ?? loadModelJson<BoilerplateModel>('boilerplate.json').patterns;
  const lastLines = options.lastLines ?? 3;
  const compile = (list: BoilerplatePattern[]) =>
    list.map((p) => ({ p, re: new RegExp(`^(?:${p.pattern})$`, 'u') }));
  const anywhere = compile(patterns.filter((p) => p.where === 'line'));
  const atEnd = compile(patterns.filter((p) => p.where === 'last'));
  const tails = patterns.filter((p) => p.where === 'tail').map((p) => ({ p, re: new RegExp(`(?:^|[ ]+)(?:${p.pattern})$`, 'u') }));
  const inline = patterns.filter((p) => p.where === 'inline').map((p) => ({ p, re: new RegExp(`[ ]?(?:${p.pattern})`, 'gu') }));
  return (doc: Doc): void => {
    if (inline.length > 0) removeInline(doc, inline);
    removeLines(doc);
    if (tails.length > 0) removeTail(doc, tails);
  };

  function removeLines(doc: Doc): void {
    const text = doc.text;
    const lines: Array<[number, number]> = [];
    for (let start = 0; start <= text.length; ) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      lines.push([start, end]);
      start = end + 1;
    }
    const edits: Edit[] = [];
    const first = Math.max(0, lines.length - lastLines);
    lines.forEach(([start, end], index) => {
      if (end - start > MAX_LINE || end === start) return;
      // A title given with the input is the first line: it is the article's, whatever it says.
      if (index === 0 && doc.title !== null) return;
      const line = text.slice(start, end);
      let hit = anywhere.find(({ re }) => re.test(line));
      if (!hit && index >= first) hit = atEnd.find(({ re }) => re.test(line));
      if (!hit) return;
      // Remove the line with one of its line breaks, so no blank line is left behind.
      const from = index > 0 ? start - 1 : start;
      const to = index > 0 ? end : Math.min(text.length, end + 1);
      edits.push({ start: from, end: to, insert: '', message: { rule: 'boilerplate', reason: `${hit.p.reason} removed: "${line}"` } });
    });
    // Two adjacent removed lines may both claim the break between them; drop the overlap.
    for (let i = 1; i < edits.length; i++) if (edits[i]!.start < edits[i - 1]!.end) edits[i]!.start = edits[i - 1]!.end;
    editText(doc, edits);
  }
}

type Compiled = Array<{ p: BoilerplatePattern; re: RegExp }>;

/** Remove artifacts matched anywhere (global regexes), each with a message. */
function removeInline(doc: Doc, inline: Compiled): void {
  const found: Edit[] = [];
  for (const { p, re } of inline) {
    re.lastIndex = 0;
    for (let m = re.exec(doc.text); m; m = re.exec(doc.text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      found.push({ start: m.index, end: m.index + m[0].length, insert: '', message: { rule: 'boilerplate', reason: `${p.reason} removed: "${m[0].trim()}"` } });
    }
  }
  found.sort((a, b) => a.start - b.start);
  const edits = found.filter((e, i) => i === 0 || e.start >= found[i - 1]!.end);
  editText(doc, edits);
}

/** Remove junk glued to the end of the last line (the article's last paragraph). */
function removeTail(doc: Doc, tails: Compiled): void {
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n') + 1;
  // Only the end of a paragraph is looked at, so a long paragraph costs one bounded slice.
  const from = Math.max(lineStart, text.length - MAX_LINE);
  const tail = text.slice(from);
  for (const { p, re } of tails) {
    const m = re.exec(tail);
    if (!m) continue;
    const start = from + m.index;
    // The whole last line is a line pattern's business; a tail is what follows real text.
    if (start <= lineStart) continue;
    editText(doc, [{ start, end: text.length, insert: '', message: { rule: 'boilerplate', reason: `${p.reason} removed from the end of the article: "${m[0].trim()}"` } }]);
    return;
  }
}

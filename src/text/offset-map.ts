/**
 * A piecewise map from positions in a cleaned text back to positions in the text it was cleaned from.
 *
 * Cleaning replaces ranges (an entity `&amp;` by `&`, a run of spaces by one space, a share button by
 * nothing). Between replacements the map is an exact shift; inside a replacement a position maps to the
 * start (or end) of the source range it replaced. Composing edits keeps the map pointing at the original.
 */
export class OffsetMap {
  /** Segment starts in the mapped (target) text. */
  private readonly t0: number[];
  /** Segment ends in the mapped (target) text. */
  private readonly t1: number[];
  /** Segment starts in the source text. */
  private readonly s0: number[];
  /** Segment ends in the source text. */
  private readonly s1: number[];

  private constructor(t0: number[], t1: number[], s0: number[], s1: number[]) {
    this.t0 = t0;
    this.t1 = t1;
    this.s0 = s0;
    this.s1 = s1;
  }

  /** The identity map over a text of `length` code units. */
  static identity(length: number): OffsetMap {
    return new OffsetMap([0], [length], [0], [length]);
  }

  /** Length of the target text this map covers. */
  get targetLength(): number {
    return this.t1[this.t1.length - 1] ?? 0;
  }

  /**
   * The source position of target position `offset`. Inside a replaced range, `side` picks the start
   * or the end of what it replaced, so a span `[start, end)` maps with `toSource(start)` and
   * `toSource(end, 'end')` to the whole source range it came from.
   */
  toSource(offset: number, side: 'start' | 'end' = 'start'): number {
    let i = this.segmentAt(offset);
    // An end position on a boundary belongs to the segment that ends there.
    if (side === 'end' && i > 0 && this.t0[i] === offset) i--;
    const a = this.t0[i]!;
    const b = this.t1[i]!;
    const sa = this.s0[i]!;
    const sb = this.s1[i]!;
    if (offset <= a) return sa;
    if (offset >= b) return sb;
    if (b - a === sb - sa) return sa + (offset - a);
    return side === 'end' ? sb : sa;
  }

  /**
   * The map for the text obtained by applying `edits` (sorted, non-overlapping, in this map's target
   * coordinates) to this map's target text: new text position → original source position.
   */
  compose(edits: ReadonlyArray<{ start: number; end: number; insert: string }>): OffsetMap {
    const t0: number[] = [];
    const t1: number[] = [];
    const s0: number[] = [];
    const s1: number[] = [];
    const push = (a: number, b: number, sa: number, sb: number): void => {
      const k = t0.length - 1;
      // Merge exact shifts that continue the previous segment in both texts.
      if (k >= 0 && t1[k] === a && s1[k] === sa && b - a === sb - sa && t1[k]! - t0[k]! === s1[k]! - s0[k]!) {
        t1[k] = b;
        s1[k] = sb;
        return;
      }
      t0.push(a);
      t1.push(b);
      s0.push(sa);
      s1.push(sb);
    };
    const keep = (from: number, to: number, at: number): void => {
      if (to <= from) return;
      // Copy the old segments overlapping [from, to), clipped and shifted to the new position.
      const shift = at - from;
      let i = this.segmentAt(from);
      for (; i < this.t0.length && this.t0[i]! < to; i++) {
        const a = Math.max(this.t0[i]!, from);
        const b = Math.min(this.t1[i]!, to);
        if (b <= a) continue;
        const exact = this.t1[i]! - this.t0[i]! === this.s1[i]! - this.s0[i]!;
        if (exact) {
          const d = this.s0[i]! - this.t0[i]!;
          push(a + shift, b + shift, a + d, b + d);
        } else {
          push(a + shift, b + shift, this.s0[i]!, this.s1[i]!);
        }
      }
    };
    let pos = 0;
    let out = 0;
    for (const edit of edits) {
      keep(pos, edit.start, out);
      out += edit.start - pos;
      const sa = this.toSource(edit.start, 'start');
      const sb = edit.end > edit.start ? this.toSource(edit.end, 'end') : sa;
      if (edit.insert.length > 0) {
        // Never merged with a neighbour: positions inside map to the ends of what was replaced.
        // (An equal-length replacement, e.g. a presentation form by its base letter, reads as a shift.)
        t0.push(out);
        t1.push(out + edit.insert.length);
        s0.push(sa);
        s1.push(sb);
      }
      out += edit.insert.length;
      pos = edit.end;
    }
    keep(pos, this.targetLength, out);
    if (t0.length === 0) {
      t0.push(0);
      t1.push(0);
      s0.push(0);
      s1.push(this.toSource(this.targetLength, 'end'));
    }
    return new OffsetMap(t0, t1, s0, s1);
  }

  /** Index of the segment containing target position `offset` (the last one starting at or before it). */
  private segmentAt(offset: number): number {
    let lo = 0;
    let hi = this.t0.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.t0[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

}

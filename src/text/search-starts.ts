/**
 * Binary search over things sorted by `start` (sentences, tokens, spans): the stages look up "which one holds
 * this position" often enough that a linear scan would make them quadratic on long documents.
 */

/**
 * Number of items whose `start` is before `pos` (strict) or at or before it (`inclusive`); equivalently the
 * index of the first item past that point. Items must be sorted by `start`.
 */
export function countStartingBefore(items: ArrayLike<{ start: number }>, pos: number, inclusive = false): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = items[mid]!.start;
    if (s < pos || (inclusive && s === pos)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Event clusters: the same real-world event reported by several articles or outlets gets one cluster id, so
 * exports can keep one row per event with its source count. Two reports join when they have the same type (and
 * planned type), dates within `windowDays` of each other, compatible countries (at least one actor, recipient or
 * place country in common, and no conflicting place country), come from different documents, and their evidence
 * sentences share enough words. Reports without a day-precise date stay alone (a month or a year is too coarse to
 * say two reports are one event). Incremental: only events without a cluster are assigned, oldest first.
 */
import type { ClusterCandidate, Store } from './store.js';
import { foldString } from '../text/fold.js';

/** Options for clustering. */
export interface ClusterOptions {
  /** Days two reports' dates may differ (default 1: a report the next day of an attack). */
  windowDays?: number;
  /** Minimum word overlap (Jaccard of the evidence sentences' folded words, default 0.15). */
  minSimilarity?: number;
  /** Events per batch (default 2,000). */
  batch?: number;
}

/** What a clustering pass did. */
export interface ClusterSummary {
  /** Events assigned a cluster in this pass. */
  assigned: number;
  /** Of those, events that joined another report's cluster. */
  joined: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const STOP = new Set(['في', 'من', 'علي', 'الي', 'عن', 'مع', 'ان', 'او', 'ما', 'لا', 'قد', 'هذا', 'هذه', 'التي', 'الذي', 'كان', 'كانت', 'بعد', 'قبل']);

/** The folded content words of a sentence, without a leading و. */
export function sentenceWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of foldString(text).matchAll(WORD)) {
    let w = m[0];
    if (w.length > 3 && w.startsWith('و')) w = w.slice(1);
    if (w.length > 1 && !STOP.has(w)) out.add(w);
  }
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common);
}

function shiftDay(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** How well two reports fit as one event (0 = they cannot be one). */
export function reportAffinity(a: ClusterCandidate, b: ClusterCandidate, wordsA: Set<string>, wordsB: Set<string>, minSimilarity: number): number {
  if (a.doc_id === b.doc_id || a.event !== b.event || a.planned !== b.planned) return 0;
  if (a.placeCountry && b.placeCountry && a.placeCountry !== b.placeCountry) return 0;
  const countriesA = new Set([...a.actorCountries, ...a.recipientCountries, ...(a.placeCountry ? [a.placeCountry] : [])]);
  const countriesB = [...b.actorCountries, ...b.recipientCountries, ...(b.placeCountry ? [b.placeCountry] : [])];
  if (!countriesB.some((c) => countriesA.has(c))) return 0;
  const similarity = jaccard(wordsA, wordsB);
  return similarity >= minSimilarity ? similarity : 0;
}

/** Assign clusters to every event that has none. */
export async function clusterEvents(store: Store, options: ClusterOptions = {}): Promise<ClusterSummary> {
  const windowDays = options.windowDays ?? 1;
  const minSimilarity = options.minSimilarity ?? 0.15;
  const batch = options.batch ?? 2000;
  const summary: ClusterSummary = { assigned: 0, joined: 0 };
  const words = new Map<string, Set<string>>();
  const wordsOf = (e: ClusterCandidate): Set<string> => {
    let w = words.get(e.id);
    if (!w) words.set(e.id, (w = sentenceWords(e.event_text)));
    return w;
  };
  for (;;) {
    const pending = await store.unclusteredEvents(batch);
    if (pending.length === 0) break;
    const assigned = new Map<string, string>();
    const candidatesByKey = new Map<string, ClusterCandidate[]>();
    for (const e of pending) {
      let cluster = `c-${e.id}`;
      const day = e.date && /^\d{4}-\d{2}-\d{2}$/.test(e.date) ? e.date : null;
      if (day) {
        const key = `${e.event}|${day}`;
        let candidates = candidatesByKey.get(key);
        if (!candidates) candidatesByKey.set(key, (candidates = await store.clusterCandidates(e.event, shiftDay(day, -windowDays), shiftDay(day, windowDays))));
        let best: { score: number; cluster: string } | null = null;
        for (const c of candidates) {
          if (c.id === e.id) continue;
          const theirs = c.cluster_id ?? assigned.get(c.id);
          if (!theirs) continue; // not yet assigned: it will look for this one when its turn comes
          const score = reportAffinity(e, c, wordsOf(e), wordsOf(c), minSimilarity);
          if (score > 0 && (!best || score > best.score)) best = { score, cluster: theirs };
        }
        if (best) {
          cluster = best.cluster;
          summary.joined++;
        }
      }
      // Later events of this batch see the assignment through `assigned` (cached candidate lists predate it).
      assigned.set(e.id, cluster);
    }
    await store.setClusters([...assigned].map(([eventId, clusterId]) => ({ eventId, clusterId })));
    summary.assigned += assigned.size;
    words.clear();
  }
  return summary;
}

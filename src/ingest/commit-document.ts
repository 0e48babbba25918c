/**
 * Write one analyzed document to the store: skip it when the same content is already there, link it to the
 * stored document it nearly duplicates (another outlet's copy of the same wire story), then store it atomically.
 * Shared by local ingest and the queue workers; safe to repeat (at-least-once delivery lands a document once).
 */
import type { PutResult, Store } from '../store/store.js';
import type { AnalyzedItem } from './analyze-item.js';
import { estimateSimilarity, NEAR_DUPLICATE_THRESHOLD } from './near-duplicates.js';

/** What happened to a document. */
export interface CommitResult extends PutResult {
  /** The near-duplicate it was linked to, if any. */
  nearDuplicateOf: { id: string; similarity: number } | null;
}

/** Store an analyzed document (or find it already stored). */
export async function commitDocument(store: Store, item: AnalyzedItem): Promise<CommitResult> {
  const existing = await store.findByContent(item.contentHash);
  if (existing !== null) return { status: 'duplicate', id: existing, nearDuplicateOf: null };
  let best: { id: string; similarity: number } | null = null;
  for (const candidate of await store.nearDuplicateCandidates(item.bands)) {
    if (candidate.id === item.doc.id) continue;
    const similarity = estimateSimilarity(item.signature, candidate.signature);
    if (similarity >= NEAR_DUPLICATE_THRESHOLD && (!best || similarity > best.similarity)) best = { id: candidate.id, similarity };
  }
  const result = await store.putDocument({ ...item, nearDuplicateOf: best });
  return { ...result, nearDuplicateOf: result.status === 'inserted' ? best : null };
}

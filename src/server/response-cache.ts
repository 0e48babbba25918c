/**
 * A cache of the read routes' answers: the serialized JSON body of a 200 answer, keyed by the request's method and
 * URL and tagged with the store's data version at the moment the request arrived (`Store.dataVersion`). An answer is
 * served from the cache only while the store still has that version, so any committed change — by this process or
 * another (an `ingest` running beside `serve`, a worker) — makes every earlier answer stale at once; nothing is
 * served from before a change the server has seen. Entries are also bounded in age (`maxAgeMs`), in number and in
 * bytes, and the least recently used go first.
 *
 * Dashboards and API clients ask the same questions again and again (the first view, a search typed by several
 * analysts, the next page of a list); the store answers each distinct question once per version.
 */

/** One cached answer. */
export interface CachedAnswer {
  /** The serialized body, UTF-8 (encoded once, sent as is). */
  body: Buffer;
  /** Its Content-Type header. */
  contentType: string;
  /** A strong validator of the body (for If-None-Match). */
  etag: string;
}

interface Entry extends CachedAnswer {
  version: string;
  storedAt: number;
  bytes: number;
}

/** Limits of the cache. */
export interface ResponseCacheOptions {
  /** Most answers kept (default 2,000). */
  maxEntries?: number;
  /** Most bytes of bodies kept (default 128 MiB). */
  maxBytes?: number;
  /** Largest single body kept (default 4 MiB). */
  maxEntryBytes?: number;
  /** Oldest answer served, in ms, whatever the version says (default 60 s). */
  maxAgeMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Counts since the cache was made. */
export interface ResponseCacheStats {
  hits: number;
  misses: number;
  stale: number;
  entries: number;
  bytes: number;
}

/** An LRU of answers tagged with the store's data version. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private stale = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: ResponseCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 2000;
    this.maxBytes = options.maxBytes ?? 128 * 1024 * 1024;
    this.maxEntryBytes = options.maxEntryBytes ?? 4 * 1024 * 1024;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The answer to `key` made at `version`, if kept and not too old; a stale one is dropped. */
  get(key: string, version: string): CachedAnswer | null {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses++;
      return null;
    }
    if (entry.version !== version || this.now() - entry.storedAt > this.maxAgeMs) {
      this.drop(key, entry);
      this.stale++;
      this.misses++;
      return null;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry;
  }

  /** Keep the answer to `key` made at `version` (a body over `maxEntryBytes` is not kept). */
  set(key: string, version: string, answer: CachedAnswer): void {
    const bytes = answer.body.length + key.length * 2;
    if (bytes > this.maxEntryBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) this.drop(key, old);
    this.entries.set(key, { ...answer, version, storedAt: this.now(), bytes });
    this.bytes += bytes;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(oldestKey, oldest);
    }
  }

  /** Forget every answer. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Hits, misses, stale answers dropped, and what is kept. */
  stats(): ResponseCacheStats {
    return { hits: this.hits, misses: this.misses, stale: this.stale, entries: this.entries.size, bytes: this.bytes };
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/**
 * What every route group is registered with: the store, the token check for the routes that write, the stricter
 * rate limit of the routes that write or analyze (CPU-heavy, so a flood of them must not starve reads), and the
 * budgets and the analysis (worker threads) of the routes that analyze.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../store/store.js';
import type { Budgets } from '../../budgets.js';
import type { AnalyzedItem, ItemToAnalyze } from '../../ingest/analyze-item.js';

/** A rate limit: requests per window (ms, or a duration like `1 minute`). */
export interface RateLimit {
  max: number;
  timeWindow: string | number;
}

/** Shared by the route groups. */
export interface RouteContext {
  store: Store;
  /** The `onRequest` hook of the routes that need the bearer token. */
  requireToken: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** The per-client limit of the routes that write or analyze. */
  writeRateLimit: RateLimit;
  /** Per-document budgets of the routes that analyze. */
  budgets: Budgets;
  /**
   * Analyze one article within the budgets (in the app's worker threads): throws BudgetExceeded past a budget, an
   * HttpError 503 when too many analyses are waiting.
   */
  analyze: (item: ItemToAnalyze) => Promise<AnalyzedItem>;
}

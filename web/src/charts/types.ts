/**
 * The options every dashboard chart takes: the interface language (Arabic right-to-left or English), the caller's
 * names of the PLOVER event types in that language, and for the timeline the length of its periods.
 */
import type { PloverType } from '../../../src/types.js';

/** Options shared by `renderTimeline`, `renderMap` and `renderNetwork`. */
export interface ChartOptions {
  /** Interface language: Arabic (right-to-left) or English. */
  lang: 'ar' | 'en';
  /** The name of an event type in `lang`, for legends and tooltips. */
  typeLabel: (type: PloverType) => string;
  /** The timeline's period length (the `bucket` of `GET /api/stats/timeline`); inferred from the periods when absent. */
  bucket?: 'day' | 'week' | 'month';
}

/**
 * One colour per PLOVER event type, shared by the three charts: cooperative types in cool blues, teals, greens and
 * purples, conflictual ones in warm golds, oranges, pinks, browns and reds, each dark enough to read on white; and
 * the PLOVER order of the types (cooperative to conflictual) that legends and tooltips follow.
 */
import type { PloverType } from '../../../src/types.js';

/** The 16 PLOVER types, cooperative to conflictual (the order of the PLOVER manual and of the API's PLOVER_TYPES). */
const PLOVER_ORDER: readonly PloverType[] = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT',
  'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

/** The colour of each event type. */
export const TYPE_COLORS: Record<PloverType, string> = {
  AGREE: '#1f4e9c',
  CONSULT: '#6baed6',
  SUPPORT: '#138d75',
  CONCEDE: '#17becf',
  COOPERATE: '#2ca02c',
  AID: '#8cbf4f',
  RETREAT: '#6b6ecf',
  REQUEST: '#9467bd',
  ACCUSE: '#c9a227',
  REJECT: '#ee8f2e',
  THREATEN: '#e4572e',
  PROTEST: '#d6589f',
  SANCTION: '#8c564b',
  MOBILIZE: '#f4a582',
  COERCE: '#d62728',
  ASSAULT: '#7f0000',
};

/** The 16 types in PLOVER order, cooperative to conflictual (a fresh array the caller may keep). */
export function typeOrder(): PloverType[] {
  return [...PLOVER_ORDER];
}

/** The type with the most events in `byType` (the earlier in PLOVER order on a tie), or null when it is empty. */
export function dominantType(byType: Partial<Record<PloverType, number>>): PloverType | null {
  let best: PloverType | null = null;
  let bestCount = 0;
  for (const type of PLOVER_ORDER) {
    const count = byType[type] ?? 0;
    if (count > bestCount) {
      best = type;
      bestCount = count;
    }
  }
  return best;
}

/** The types present in `byType` with their counts, largest first (PLOVER order on a tie). */
export function countsByType(byType: Partial<Record<PloverType, number>>): Array<{ type: PloverType; count: number }> {
  return PLOVER_ORDER
    .map((type) => ({ type, count: byType[type] ?? 0 }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count);
}

/**
 * How the dashboard words values from the API in the current language: days, actors and places (the Arabic
 * surface form in Arabic, the knowledge base's English name in English), confidence, event modality and size.
 */
import type { Actor, Place, PloverEvent } from '../../src/types.js';
import { countryName, formatNumber, lang, t, typeLabel, type MessageKey } from './i18n.js';

/** The day of an ISO date or date-time (`2024-03-10T08:00:00Z` → `2024-03-10`); other values as they are. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return t('none');
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
}

/** One actor: the text as written (Arabic) or its English name; the country when the name is unknown. */
export function actorName(a: Actor): string {
  if (lang() === 'en') return a.name ?? a.text;
  return a.text || a.name || countryName(a.country);
}

/** Actors joined, or a dash. */
export function actorList(actors: readonly Actor[]): string {
  return actors.length ? actors.map(actorName).join(t('listSeparator')) : t('none');
}

/** An actor's details for a tooltip: English name, id, country, sector. */
export function actorDetails(actors: readonly Actor[]): string {
  return actors.map((a) => [a.name ?? a.text, a.country ? countryName(a.country) : null, a.sector, a.id].filter(Boolean).join(' · ')).join('\n');
}

/** A place: as written (Arabic) or its English name, with its country when it is not the country itself. */
export function placeName(p: Place | null): string {
  if (!p) return t('none');
  const name = lang() === 'en' ? p.name : p.text || p.name;
  return p.country && p.feature !== 'country' ? `${name} (${countryName(p.country)})` : name;
}

/** A confidence 0..1 as a percentage. */
export const formatConfidence = (c: number): string => `${formatNumber(Math.round(c * 100))}%`;

/** The event's modality, attribution, planned type and size, as short labels. */
export function eventFlags(e: PloverEvent): string[] {
  const flags: string[] = [];
  if (e.negated) flags.push(t('flag_negated'));
  if (e.future) flags.push(t('flag_future'));
  if (e.hypothetical) flags.push(t('flag_hypothetical'));
  if (e.attribution) flags.push(t(`attribution_${e.attribution}` as MessageKey));
  if (e.planned) flags.push(t('planned', { type: typeLabel(e.planned) }));
  if (e.size) {
    for (const key of ['dead', 'injured', 'arrested', 'participants'] as const) {
      const n = e.size[key];
      if (typeof n === 'number') flags.push(t(`size_${key}`, { n }));
    }
  }
  return flags;
}

/**
 * Stage: link each mention to one knowledge-base entry and write the contract's entities. Homonyms
 * (طرابلس in Libya or Lebanon) are decided by the document's country focus (the countries its sure
 * mentions and dateline name), then feature (country > region > adm1 > city) and population. A person
 * takes the country and sector of the role and demonym before it: "وزير الخارجية الفرنسي جان إيف لودريان"
 * → FRA, GOV.
 */
import type { Doc, Mention } from '../doc.js';
import type { Entity } from '../types.js';
import type { KnowledgeBase } from '../lexicon/kb.js';
import type { KbEntry } from '../lexicon/kb-types.js';

/** A person role ("وزير الخارجية") and the sector it puts its holder in. */
export interface Role {
  /** Arabic role phrase. */
  ar: string;
  /** English role. */
  en: string;
  /** PLOVER sector. */
  sector: string;
}

/** Options for {@link linkEntities}. */
export interface LinkEntitiesOptions {
  /** The knowledge base the mentions' entry numbers refer to. */
  kb: KnowledgeBase;
  /** Role phrases as a knowledge base of their own (entries of subtype ROLE; `sector` set). */
  roles?: KnowledgeBase;
}

const FEATURE_RANK: Record<string, number> = { country: 4, region: 3, adm1: 2, city: 1 };

/** How many tokens before a person a role and its country may stand ("وزير الخارجية الفرنسي جان"). */
const ROLE_WINDOW = 6;

/** The entity-linking stage. */
export function linkEntities(options: LinkEntitiesOptions) {
  const { kb, roles } = options;
  return (doc: Doc): void => {
    const focus = countryFocus(doc, kb);
    const entities: Entity[] = [];
    const links: Array<KbEntry | null> = [];
    const roleMatches = doc.roleMatches;
    for (const m of doc.mentions) {
      const entity: Entity = { start: m.start, end: m.end, text: doc.text.slice(m.start, m.end), type: m.type };
      const entry = choose(m, kb, focus);
      if (entry) describe(entity, entry);
      else if (m.type === 'PER' && roles) {
        // A role right before the name, and a demonym or country between: the person's country and sector.
        const role = roleMatches.filter((r) => r.last <= m.first && m.first - r.last <= ROLE_WINDOW).pop();
        if (role) {
          const r = roles.entries[role.entries[0]!]!;
          if (r.sector) entity.subtype = r.sector;
          const between = doc.mentions.filter((x) => x !== m && x.first >= role.first && x.last <= m.first);
          for (const x of between) {
            const e = choose(x, kb, focus);
            if (e?.country && e.country !== 'IGO') {
              entity.country = e.country;
              break;
            }
          }
        }
      }
      entities.push(entity);
      links.push(entry ?? null);
    }
    doc.entities = entities;
    doc.links = links;
  };
}

/** Copy what the contract carries from a knowledge-base entry. */
function describe(entity: Entity, entry: KbEntry): void {
  entity.subtype = entry.subtype;
  entity.name = entry.en;
  entity.id = entry.id;
  if (entry.country) entity.country = entry.country;
  if (entry.lat !== undefined && entry.lon !== undefined) {
    entity.lat = entry.lat;
    entity.lon = entry.lon;
  }
}

/** The document's country focus: how often each country is named by mentions that name only one entry. */
function countryFocus(doc: Doc, kb: KnowledgeBase): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of doc.mentions) {
    const countries = new Set(m.entries.map((e) => kb.entries[e]!.country).filter((c): c is string => !!c && c !== 'IGO'));
    if (countries.size === 1) {
      const c = [...countries][0]!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  return counts;
}

/** The entry a mention most likely names. */
function choose(m: Mention, kb: KnowledgeBase, focus: Map<string, number>): KbEntry | undefined {
  if (m.entries.length === 0) return undefined;
  if (m.entries.length === 1) return kb.entries[m.entries[0]!];
  let best: KbEntry | undefined;
  let bestScore = -Infinity;
  for (const n of m.entries) {
    const e = kb.entries[n]!;
    const score =
      (e.type === m.type ? 100 : 0) +
      10 * Math.min(3, focus.get(e.country ?? '') ?? 0) +
      5 * (FEATURE_RANK[e.feature ?? ''] ?? 0) +
      (e.capital ? 8 : 0) +
      Math.log10(1 + (e.population ?? 0));
    if (score > bestScore) {
      bestScore = score;
      best = e;
    }
  }
  return best;
}

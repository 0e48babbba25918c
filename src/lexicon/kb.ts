/**
 * The knowledge base in memory: the entries of model/kb/*.json plus any user lexicons (`--lexicon FILE`),
 * indexed by every generated spelling variant of every name, for the token matcher.
 */
import { readFileSync } from 'node:fs';
import { loadModelJson } from './load-model.js';
import type { KbEntry, KbFile } from './kb-types.js';
import type { NameLists } from '../annotate/lexicon-labels.js';
import { foldString } from '../text/fold.js';
import { nameVariants, nisbaVariants, placeVariants } from './variants.js';

/** The KB files shipped in model/kb/, in the order they are loaded (later ones override earlier ids). */
export const KB_FILES = ['kb/places.json', 'kb/regions.json', 'kb/demonyms.json', 'kb/actors.json', 'kb/misc.json'] as const;

/** Entries and the variant index over their names. */
export class KnowledgeBase {
  /** All entries; an entry's position is its number in the index. */
  readonly entries: KbEntry[] = [];
  /** Folded name key (tokens joined by one space) → entry numbers. */
  readonly byKey = new Map<string, number[]>();
  /** First token of any key → the most tokens a key starting with it has (bounds the matcher's search). */
  readonly firstToken = new Map<string, number>();
  /**
   * Frequent ordinary words (folded). A one-word name that is one of them (بيان: "statement", also a Chinese
   * city) is a weak match: an entity only when the tagger agrees.
   */
  common: ReadonlySet<string> = new Set();
  private readonly byId = new Map<string, number>();

  /** Add entries; an entry whose id is already there replaces it (a user lexicon overrides the shipped one). */
  add(entries: readonly KbEntry[]): this {
    for (const entry of entries) {
      const old = this.byId.get(entry.id);
      let n: number;
      if (old !== undefined) {
        this.entries[old] = entry;
        n = old;
        // The replaced entry's names stay indexed but now lead to the new entry, which is what a user overriding
        // an id means; its own names are added below.
      } else {
        n = this.entries.length;
        this.entries.push(entry);
        this.byId.set(entry.id, n);
      }
      for (const name of entry.ar) for (const key of variantsOf(entry, name)) this.index(key, n);
    }
    return this;
  }

  /** The entry with this id. */
  get(id: string): KbEntry | undefined {
    const n = this.byId.get(id);
    return n === undefined ? undefined : this.entries[n];
  }

  private index(key: string, n: number): void {
    if (!key) return;
    const list = this.byKey.get(key);
    if (list) {
      if (!list.includes(n)) list.push(n);
    } else this.byKey.set(key, [n]);
    const space = key.indexOf(' ');
    const first = space === -1 ? key : key.slice(0, space);
    let tokens = 1;
    for (let i = space; i !== -1; i = key.indexOf(' ', i + 1)) tokens++;
    if ((this.firstToken.get(first) ?? 0) < tokens) this.firstToken.set(first, tokens);
  }
}

/** The folded keys an entry's name is found under, by how the entry inflects. */
function variantsOf(entry: KbEntry, name: string): string[] {
  const inflect = entry.inflect ?? (entry.type === 'LOC' ? 'place' : 'name');
  if (inflect === 'nisba') return nisbaVariants(name);
  if (inflect === 'place') return placeVariants(name);
  return nameVariants(name);
}

/** A user lexicon file that cannot be used; the message names the file, the entry and what to fix. */
export class LexiconError extends Error {
  override name = 'LexiconError';
}

/** Read and check a KB file given by a user; throws LexiconError with the path and the problem. */
export function readLexiconFile(path: string): KbEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LexiconError(`lexicon ${path}: ${(error as Error).message}`);
  }
  const file = value as Partial<KbFile>;
  if (!file || typeof file !== 'object' || !Array.isArray(file.entries)) {
    throw new LexiconError(`lexicon ${path}: expected {"version": 1, "entries": [...]} (see README, "Extending the knowledge base")`);
  }
  file.entries.forEach((e, i) => {
    const where = `lexicon ${path}: entry ${i}`;
    if (!e || typeof e !== 'object') throw new LexiconError(`${where} is not an object`);
    if (typeof e.id !== 'string' || !e.id) throw new LexiconError(`${where} needs an "id" string`);
    if (!['PER', 'ORG', 'LOC', 'MISC'].includes(e.type)) throw new LexiconError(`${where} ("${e.id}") needs "type": PER, ORG, LOC or MISC`);
    if (!Array.isArray(e.ar) || e.ar.length === 0 || e.ar.some((a) => typeof a !== 'string')) throw new LexiconError(`${where} ("${e.id}") needs "ar": a list of Arabic names`);
    if (typeof e.en !== 'string') throw new LexiconError(`${where} ("${e.id}") needs "en": the English name`);
    e.subtype ??= e.type === 'LOC' ? 'GPE' : e.type;
    if ((e.lat !== undefined && (typeof e.lat !== 'number' || Math.abs(e.lat) > 90)) || (e.lon !== undefined && (typeof e.lon !== 'number' || Math.abs(e.lon) > 180))) {
      throw new LexiconError(`${where} ("${e.id}") has an impossible lat/lon`);
    }
  });
  return file.entries;
}

let shipped: KnowledgeBase | null = null;

/** The shipped knowledge base (model/kb), built once; files not present yet are skipped. */
export function shippedKnowledgeBase(): KnowledgeBase {
  if (shipped) return shipped;
  const kb = new KnowledgeBase();
  try {
    kb.common = new Set(loadModelJson<{ words: string[] }>('kb/common-words.json').words);
  } catch {
    // Not built yet: every match counts as strong.
  }
  for (const file of KB_FILES) {
    let data: KbFile;
    try {
      data = loadModelJson<KbFile>(file);
    } catch (error) {
      if (/is missing/.test((error as Error).message)) continue;
      throw error;
    }
    kb.add(data.entries);
  }
  shipped = kb;
  return kb;
}

/** The shipped knowledge base extended with user lexicon files (a new index; the shipped one is not changed). */
export function knowledgeBase(lexicons: readonly string[] = []): KnowledgeBase {
  if (lexicons.length === 0) return shippedKnowledgeBase();
  const kb = new KnowledgeBase();
  kb.common = shippedKnowledgeBase().common;
  kb.add(shippedKnowledgeBase().entries);
  for (const path of lexicons) kb.add(readLexiconFile(path));
  return kb;
}

let roleKb: KnowledgeBase | null | undefined;

/** Person roles (model/kb/roles.json) as a knowledge base of ROLE entries, for matching; null if not built. */
export function roleKnowledgeBase(): KnowledgeBase | null {
  if (roleKb !== undefined) return roleKb;
  try {
    const file = loadModelJson<{ roles: Array<{ ar: string; en: string; sector: string }> }>('kb/roles.json');
    roleKb = new KnowledgeBase().add(
      file.roles.map((r, i) => ({ id: `role:${i}`, type: 'MISC' as const, subtype: 'ROLE', en: r.en, ar: [r.ar], sector: r.sector, inflect: 'name' as const })),
    );
  } catch {
    roleKb = null;
  }
  return roleKb;
}

let nameLists: NameLists | null | undefined;

/** Folded first and family names (model/kb/person-names.json), or null if not built. */
export function personNameLists(): NameLists | null {
  if (nameLists !== undefined) return nameLists;
  try {
    const file = loadModelJson<{ first: string[]; last: string[] }>('kb/person-names.json');
    nameLists = { first: new Set(file.first.map(foldString)), last: new Set(file.last.map(foldString)) };
  } catch {
    nameLists = null;
  }
  return nameLists;
}

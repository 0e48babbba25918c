/**
 * Pick the golden-fixture articles from ../shared/data/corpus: a few per outlet across all three corpora,
 * chosen by a hash of their id (deterministic, not by content), mid-length, news categories first.
 * Writes test/fixtures/<corpus>-<outlet>-<n>.input.json and appends attribution to test/fixtures/SOURCES.md.
 * Run: node --import tsx scripts/pick-fixtures.ts   (then UPDATE=1 npx vitest run test/fixtures.test.ts)
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const CORPUS = new URL('../../shared/data/corpus/', import.meta.url);
const OUT = new URL('../test/fixtures/', import.meta.url);

interface Pick { corpus: string; license: string; perOutlet: number; file: string; outlet: (r: Record<string, string>) => string; text: string; id: (r: Record<string, string>, i: number) => string }
const corpora: Pick[] = [
  { corpus: 'ant', license: 'ANT corpus v2.1 (Chouigui et al.), Apache-2.0; article copyright: the outlet', perOutlet: 3, file: 'ant_multisource_v2.1.jsonl.gz', outlet: (r) => r.source!, text: 'text', id: (r) => r.docno! },
  { corpus: 'jawhara', license: 'ANT corpus v1.1 (Chouigui et al.), Apache-2.0; article copyright: Jawhara FM', perOutlet: 2, file: 'ant_jawharafm_v1.1.jsonl.gz', outlet: () => 'jawharafm', text: 'text', id: (r) => r.docno! },
  { corpus: 'snn', license: 'SaudiNewsNet (Alhagri), CC BY-NC-SA 4.0; article copyright: the outlet', perOutlet: 1, file: 'saudinewsnet.jsonl.gz', outlet: (r) => r.source!, text: 'content', id: (r) => r.id!, },
];
const NEWS = /middleEast|internationalNews|politic|localNews|world|economy/i;
const hash = (s: string): string => createHash('sha256').update(s).digest('hex');
const sources: string[] = ['# Fixture sources', '', 'Golden fixtures are real articles, kept for testing with attribution. `coalition-copenhagen.txt` is the project seed (a scraped report from الصباح الجديد).', ''];
for (const c of corpora) {
  const rows = gunzipSync(readFileSync(new URL(c.file, CORPUS))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);
  const byOutlet = new Map<string, Array<{ r: Record<string, string>; line: string; i: number }>>();
  rows.forEach((r, i) => {
    const text = r[c.text] ?? '';
    if (text.length < 500 || text.length > 3500) return;
    const o = c.outlet(r);
    const list = byOutlet.get(o) ?? [];
    list.push({ r, line: JSON.stringify(r), i });
    byOutlet.set(o, list);
  });
  for (const [outlet, list] of [...byOutlet].sort((a, b) => a[0].localeCompare(b[0]))) {
    list.sort((a, b) => Number(!NEWS.test(a.r.category ?? 'x')) - Number(!NEWS.test(b.r.category ?? 'x')) || hash(c.id(a.r, a.i)).localeCompare(hash(c.id(b.r, b.i))));
    list.slice(0, c.perOutlet).forEach(({ r, i }, n) => {
      const name = `${c.corpus}-${outlet.toLowerCase().replace(/[^a-z0-9]+/g, '')}-${n + 1}`;
      const { path: _path, abstract: _abstract, ...kept } = r;
      writeFileSync(new URL(`${name}.input.json`, OUT), JSON.stringify(kept, null, 1) + '\n');
      sources.push(`- \`${name}\`: ${c.file} record ${i} (${c.id(r, i)}), ${r.url ?? ''} — ${c.license}`);
    });
  }
}
writeFileSync(new URL('SOURCES.md', OUT), sources.join('\n') + '\n');

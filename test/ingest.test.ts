/**
 * `marsad ingest` end to end, through the CLI as a user runs it, on SQLite and (when it answers) PostgreSQL:
 * kill -9 in the middle of an ingest, then the same command again, gives exactly the corpus' documents, none twice;
 * a corrupt line in a .jsonl.gz is recorded with its reason and the rest is ingested; re-ingesting adds nothing;
 * the exports of what was stored parse as their formats.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openStore } from '../src/store/open-store.js';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'marsad-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const CITIES = ['حلب', 'الموصل', 'صنعاء', 'طرابلس', 'بنغازي', 'درعا', 'كركوك', 'تعز', 'الحديدة', 'إدلب'];
/** A corpus of distinct short news articles (each line a different text and date). */
function corpus(n: number): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify({
    docno: `t-${i}`,
    source: ['bbc', 'cnn', 'skynews'][i % 3],
    time: `2018-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    title: `مقتل ${i + 2} أشخاص في هجوم على سوق في ${CITIES[i % CITIES.length]}`,
    text: `قتل ${i + 2} أشخاص وأصيب ${i + 10} آخرون أمس في هجوم استهدف سوقا شعبيا في مدينة ${CITIES[i % CITIES.length]}، بحسب مصادر أمنية. ` +
      `وقال مسؤول محلي إن الشرطة اعتقلت ${i % 5 + 1} مشتبها بهم. واجتمع المحافظ مع قادة الأمن لبحث الوضع في الحادثة رقم ${i}.`,
  }));
}

async function pgAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
const pgUp = await pgAnswers();
if (!pgUp) {
  if (process.env.MARSAD_REQUIRE_SERVICES === '1') throw new Error('ingest suite: PostgreSQL is required (MARSAD_REQUIRE_SERVICES=1) but nothing answers on 127.0.0.1:5432');
  console.warn('ingest suite: postgres skipped — nothing answers on 127.0.0.1:5432 (set MARSAD_REQUIRE_SERVICES=1 to make this a failure)');
}
const schemas: string[] = [];
afterAll(async () => {
  if (!pgUp || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

const backends: Array<{ name: string; db: () => string; skip: boolean }> = [
  { name: 'sqlite', db: () => join(dir, `db-${Math.random().toString(36).slice(2)}.db`), skip: false },
  {
    name: 'postgres',
    db: () => {
      const schema = `marsad_test_ingest_${Math.random().toString(36).slice(2, 10)}`;
      schemas.push(schema);
      return `${PG_URL}?schema=${schema}`;
    },
    skip: !pgUp,
  },
];

async function countDocuments(db: string): Promise<{ documents: number; errors: number; events: number }> {
  const store = await openStore(db);
  try {
    const s = await store.stats();
    return { documents: s.documents, errors: s.errors, events: s.events };
  } finally {
    await store.close();
  }
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`ingest into ${backend.name}`, () => {
    it('survives kill -9 in the middle: the same command again gives exactly the corpus, none twice', async () => {
      const lines = corpus(60);
      const file = join(dir, `corpus-${backend.name}.jsonl.gz`);
      writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
      const db = backend.db();
      // First run: killed with SIGKILL once some documents are stored.
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'ingest', file, '--db', db, '--workers', '1', '--quiet'], { stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let stored = 0;
      for (let i = 0; i < 600 && stored < 5; i++) {
        await new Promise((r) => setTimeout(r, 100));
        try {
          stored = (await countDocuments(db)).documents;
        } catch {
          stored = 0; // the schema may not exist yet
        }
      }
      child.kill('SIGKILL');
      await exited;
      const afterKill = (await countDocuments(db)).documents;
      expect(afterKill).toBeGreaterThanOrEqual(5);
      expect(afterKill).toBeLessThan(60);
      // Second run: the same command completes the corpus.
      const rerun = cli(['ingest', file, '--db', db, '--workers', '1']);
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(rerun.stderr).toMatch(new RegExp(`${afterKill} already stored`));
      const final = await countDocuments(db);
      expect(final.documents).toBe(60);
      expect(final.errors).toBe(0);
      // A third run adds nothing.
      const again = cli(['ingest', file, '--db', db, '--workers', '1']);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/0 stored/);
      expect((await countDocuments(db)).documents).toBe(60);
    }, 240_000);

    it('records a corrupt line of a .jsonl.gz with its reason and ingests the rest', async () => {
      const lines = corpus(12);
      lines.splice(5, 0, '{"docno": "broken", "text": "نص مقطوع', 'not json at all');
      const file = join(dir, `corrupt-${backend.name}.jsonl.gz`);
      writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
      const db = backend.db();
      const run = cli(['ingest', file, '--db', db, '--workers', '0']);
      expect(run.status, run.stderr).toBe(0);
      const counts = await countDocuments(db);
      expect(counts.documents).toBe(12);
      expect(counts.errors).toBe(2);
      const errors = cli(['errors', '--db', db, '--json']);
      const rows = errors.stdout.trim().split('\n').map((l) => JSON.parse(l) as { origin: string; reason: string });
      expect(rows.map((r) => r.origin).sort()).toEqual([`${file}:6`, `${file}:7`]);
      for (const r of rows) expect(r.reason.length).toBeGreaterThan(5);
    }, 120_000);

    it('exports what it stored as parseable jsonl, csv, tsv, geojson and plover', async () => {
      const file = join(dir, `export-${backend.name}.jsonl`);
      writeFileSync(file, corpus(8).join('\n') + '\n');
      const db = backend.db();
      expect(cli(['ingest', file, '--db', db, '--workers', '0']).status).toBe(0);
      const stats = JSON.parse(cli(['stats', '--db', db, '--json']).stdout) as { documents: number; events: number; byType: Record<string, number> };
      expect(stats.documents).toBe(8);
      expect(stats.byType.ASSAULT).toBeGreaterThanOrEqual(8);

      const jsonl = cli(['events', '--db', db, '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; doc_id: string });
      expect(jsonl).toHaveLength(stats.events);
      const assaults = cli(['events', '--db', db, '--type', 'ASSAULT', '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string });
      expect(assaults.every((e) => e.event === 'ASSAULT')).toBe(true);

      const csv = cli(['events', '--db', db, '--format', 'csv']).stdout;
      const parsed = spawnSync('python3', ['-c', 'import csv,sys,json; rows=list(csv.DictReader(sys.stdin)); print(json.dumps([len(rows), sorted(rows[0].keys())[:3], sum(1 for r in rows if r["event"]=="ASSAULT")]))'], { input: csv, encoding: 'utf8' });
      const [rows, , csvAssaults] = JSON.parse(parsed.stdout) as [number, string[], number];
      expect(rows).toBe(stats.events);
      expect(csvAssaults).toBe(assaults.length);

      const tsv = cli(['events', '--db', db, '--format', 'tsv']).stdout.trim().split('\n');
      const width = tsv[0]!.split('\t').length;
      expect(tsv.every((l) => l.split('\t').length === width)).toBe(true);

      const geo = JSON.parse(cli(['events', '--db', db, '--format', 'geojson']).stdout) as { type: string; features: Array<{ geometry: { type: string; coordinates: [number, number] } }> };
      expect(geo.type).toBe('FeatureCollection');
      expect(geo.features.length).toBeGreaterThan(0);
      for (const f of geo.features) {
        expect(f.geometry.type).toBe('Point');
        expect(Math.abs(f.geometry.coordinates[0])).toBeLessThanOrEqual(180);
        expect(Math.abs(f.geometry.coordinates[1])).toBeLessThanOrEqual(90);
      }
      const plover = cli(['events', '--db', db, '--format', 'plover']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string[]; date: string | null });
      expect(plover.every((r) => Array.isArray(r.event) && r.event.length === 1)).toBe(true);
    }, 120_000);
  });
}

describe('re-analysis, clusters and the demo start (SQLite)', () => {
  it('reanalyze rewrites events from the stored raw input and keeps every document', async () => {
    const file = join(dir, 'reanalyze.jsonl');
    writeFileSync(file, corpus(6).join('\n') + '\n');
    const db = join(dir, 'reanalyze.db');
    expect(cli(['ingest', file, '--db', db, '--workers', '0']).status).toBe(0);
    const before = await countDocuments(db);
    const run = cli(['reanalyze', '--db', db, '--workers', '0']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/re-analyzed 6 documents \(0 failed/);
    const after = await countDocuments(db);
    expect(after.documents).toBe(before.documents);
    expect(after.events).toBe(before.events);
  }, 120_000);

  it('clusters two outlets\' reports of one attack into one event with two sources', async () => {
    const report = (source: string, lead: string): string => JSON.stringify({
      source, time: '2018-05-04T09:00:00Z', title: `${lead} مقتل 12 شخصا في تفجير انتحاري في كابول`,
      text: `${lead} قتل 12 شخصا أمس الخميس في تفجير انتحاري استهدف مسجدا في العاصمة الأفغانية كابول، وفق وزارة الداخلية الأفغانية.`,
    });
    const file = join(dir, 'cluster.jsonl');
    writeFileSync(file, [report('bbc', 'عاجل:'), report('cnn', 'أفغانستان:')].join('\n') + '\n');
    const db = join(dir, 'cluster.db');
    expect(cli(['ingest', file, '--db', db, '--workers', '0']).status).toBe(0);
    const rows = cli(['events', '--db', db, '--type', 'ASSAULT', '--one-per-cluster']).stdout.trim().split('\n')
      .map((l) => JSON.parse(l) as { cluster_size: number; date: string });
    expect(rows.some((r) => r.cluster_size === 2 && r.date === '2018-05-03')).toBe(true);
  }, 120_000);

  it('start ingests the bundled sample into an empty database, then only summarizes', () => {
    const db = join(dir, 'start.db');
    const first = cli(['start', '--db', db, '--no-serve']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/is empty: ingesting the bundled sample/);
    expect(first.stdout).toMatch(/: 301 documents|: 300 documents/);
    const second = cli(['start', '--db', db, '--no-serve']);
    expect(second.status).toBe(0);
    expect(second.stdout).not.toMatch(/is empty/);
  }, 300_000);
});

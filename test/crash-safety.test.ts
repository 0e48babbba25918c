/**
 * Crash safety, end to end with real processes:
 * - `marsad ingest` (the CLI as a user runs it) killed with SIGKILL at three points of a 600-article corpus, on SQLite
 *   and on PostgreSQL: after every kill no stored document is half-written (its event, country, network, search and
 *   LSH rows agree with its analysis, read from the tables directly) and nothing stored before is lost; the same
 *   command again completes the corpus exactly: every distinct article once, copies of one article once, the
 *   unreadable lines recorded as errors, nothing else; once more stores nothing.
 * - A private Redis (AOF, fsync on every write) killed with SIGKILL and started again under two running queue
 *   workers (child processes): they reconnect, the queue ends with every job completed and none failed, and every
 *   document is stored exactly once.
 * Each test prints its figures (kills, half-written, lost, duplicated). PostgreSQL and redis-server are used when
 * present; without them those tests are skipped with a warning, or fail under MARSAD_REQUIRE_SERVICES=1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { answers } from './helpers/answers.js';
import { documentId } from '../src/pipeline.js';
import { enqueueSources, jobIdOf, queueCounts, type QueueCounts } from '../src/ingest/queue.js';
import type { SourceItem } from '../src/ingest/read-sources.js';
import { openStore } from '../src/store/open-store.js';
import { countDocuments, postgresIntegrity, sqliteIntegrity, type StoreIntegrity } from './helpers/store-integrity.js';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const WORKER_CHILD = new URL('./helpers/queue-worker-child.ts', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE = process.env.MARSAD_REQUIRE_SERVICES === '1';

const dir = mkdtempSync(join(tmpdir(), 'marsad-crash-'));
const schemas: string[] = [];
const spawned: ChildProcess[] = [];
afterAll(async () => {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});

/** Say a service is missing: a failing test under MARSAD_REQUIRE_SERVICES=1, else a visible skip. */
function missing(what: string): void {
  if (REQUIRE) {
    it(`needs ${what} (MARSAD_REQUIRE_SERVICES=1)`, () => {
      throw new Error(`${what} is not available and MARSAD_REQUIRE_SERVICES=1 requires it`);
    });
  } else {
    console.warn(`crash-safety: SKIPPED the tests that need ${what} (set MARSAD_REQUIRE_SERVICES=1 to make this a failure)`);
    it.skip(`needs ${what}`, () => undefined);
  }
}

const pgUp = await answers(5432);
const redisServer = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;

// ---------------------------------------------------------------------------------------------------------------
// The corpus.

const CITIES = ['حلب', 'الموصل', 'صنعاء', 'طرابلس', 'بنغازي', 'درعا', 'كركوك', 'تعز', 'الحديدة', 'إدلب', 'الرمادي', 'سرت'];
const LETTERS = 'بتثجحخدذرزسشصضطظعغفقكلمنهوي';

/** A word of Arabic letters naming `i` (distinct for each i): it makes each article's text its own. */
function marker(i: number): string {
  let word = '';
  for (let n = i, k = 0; k < 3; k++, n = Math.floor(n / LETTERS.length)) word += LETTERS[n % LETTERS.length];
  return `رمز${word}`;
}

/** One short news article, a JSONL line; `variant` changes the line (id, outlet) but not the title or text. */
function article(i: number, variant = ''): string {
  const city = CITIES[i % CITIES.length]!;
  return JSON.stringify({
    docno: `c-${i}${variant}`,
    source: variant ? 'reuters' : ['bbc', 'cnn', 'skynews'][i % 3],
    time: `2019-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    title: `مقتل ${i + 2} أشخاص في هجوم على سوق في ${city}`,
    text: `قتل ${i + 2} أشخاص وأصيب ${i + 10} آخرون أمس في هجوم استهدف سوقا شعبيا في مدينة ${city}، بحسب مصادر أمنية. ` +
      `وقال مسؤول محلي إن الشرطة اعتقلت ${(i % 5) + 1} مشتبها بهم في القضية ${marker(i)}.`,
  });
}

interface Corpus {
  lines: string[];
  /** Per distinct article (title + text): the ids its lines have; exactly one of them is to be stored. */
  groups: string[][];
  /** Line numbers (1-based) of the unreadable lines. */
  badLines: number[];
}

/**
 * `distinct` articles, with three lines repeated exactly, three articles repeated as another outlet's line (same
 * title and text, another raw input), and three unreadable lines, spread over the file.
 */
function corpus(distinct: number): Corpus {
  const lines: string[] = [];
  const badLines: number[] = [];
  const groups: string[][] = [];
  const third = Math.floor(distinct / 3);
  for (let i = 0; i < distinct; i++) {
    lines.push(article(i));
    groups.push([documentId(article(i))]);
    if (i % third === 5) {
      lines.push(article(i - 3)); // the same line again
      lines.push(article(i - 4, '-copy')); // the same article from another outlet
      groups[i - 4]!.push(documentId(article(i - 4, '-copy')));
      lines.push(i % 2 === 0 ? '{"docno": "cut", "text": "نص مقطوع' : 'not json at all');
      badLines.push(lines.length);
    }
  }
  return { lines, groups, badLines };
}

// ---------------------------------------------------------------------------------------------------------------
// kill -9 during `marsad ingest`.

interface Backend {
  name: string;
  skip: boolean;
  /** A fresh store: its --db value and how to read its tables. */
  fresh(): { db: string; integrity: () => Promise<StoreIntegrity> };
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    skip: false,
    fresh() {
      const db = join(dir, `ingest-${Math.random().toString(36).slice(2)}.db`);
      return { db, integrity: async () => sqliteIntegrity(db) };
    },
  },
  {
    name: 'postgres',
    skip: !pgUp,
    fresh() {
      const schema = `marsad_crash_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      schemas.push(schema);
      return { db: `${PG_URL}?schema=${schema}`, integrity: () => postgresIntegrity(PG_URL, schema) };
    },
  },
];

/** How the stored documents stand against the corpus. */
function tally(corpus: Corpus, stored: StoreIntegrity['documents']) {
  const ids = stored.map((d) => d.id);
  const groupOf = new Map(corpus.groups.flatMap((ids_, g) => ids_.map((id) => [id, g] as const)));
  const perGroup = new Map<number, number>();
  let foreign = 0;
  for (const id of ids) {
    const g = groupOf.get(id);
    if (g === undefined) foreign++;
    else perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
  }
  const duplicated = [...perGroup.values()].reduce((n, c) => n + c - 1, 0) + (ids.length - new Set(ids).size)
    + (stored.length - new Set(stored.map((d) => d.contentHash)).size);
  return { documents: ids.length, foreign, duplicated, missing: corpus.groups.length - perGroup.size };
}

/** The counts of an ingest's summary line. */
function summaryOf(stderr: string): { stored: number; alreadyStored: number; errors: number } {
  const m = /: (\d+) stored, \d+ linked as near-duplicates, \d+ duplicates, (\d+) already stored, (\d+) errors/.exec(stderr);
  if (!m) throw new Error(`no summary line in the ingest's output:\n${stderr}`);
  return { stored: Number(m[1]), alreadyStored: Number(m[2]), errors: Number(m[3]) };
}

const ingestArgs = (file: string, db: string): string[] => ['--import', 'tsx', MAIN, 'ingest', file, '--db', db, '--workers', '1', '--quiet'];

for (const backend of backends) {
  describe(`kill -9 during marsad ingest into ${backend.name}`, () => {
    if (backend.skip) {
      missing('PostgreSQL at 127.0.0.1:5432');
      return;
    }
    it('leaves no half-written document at any of three kills, and the same command again stores the corpus exactly', async () => {
      const DISTINCT = 600;
      const data = corpus(DISTINCT);
      const file = join(dir, `corpus-${backend.name}.jsonl`);
      writeFileSync(file, data.lines.join('\n') + '\n');
      const { db, integrity } = backend.fresh();

      const kills: number[] = [];
      let halfWritten = 0;
      let lost = 0;
      let duplicated = 0;
      let before = new Set<string>();
      for (const fraction of [0.3, 0.6, 0.9]) {
        const target = Math.floor(DISTINCT * fraction);
        const child = spawn(process.execPath, ingestArgs(file, db), { cwd: ROOT, stdio: 'ignore' });
        spawned.push(child);
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        let finished = false;
        void exited.then(() => (finished = true));
        while (!finished && (await countDocuments(db)) < target) await sleep(20);
        expect(finished, `the ingest ended before ${target} documents were stored`).toBe(false);
        child.kill('SIGKILL');
        await exited;
        expect(child.signalCode).toBe('SIGKILL');

        const state = await integrity();
        expect(state.problems, state.problems.slice(0, 5).join('\n')).toEqual([]);
        halfWritten += state.problems.length;
        const t = tally(data, state.documents);
        expect(t.foreign).toBe(0);
        duplicated += t.duplicated;
        expect(t.duplicated).toBe(0);
        const now = new Set(state.documents.map((d) => d.id));
        const gone = [...before].filter((id) => !now.has(id));
        lost += gone.length;
        expect(gone).toEqual([]);
        expect(t.documents).toBeGreaterThanOrEqual(target);
        expect(t.documents).toBeLessThan(DISTINCT);
        kills.push(t.documents);
        before = now;
      }

      // The same command again completes the corpus.
      const rerun = spawnSync(process.execPath, ingestArgs(file, db), { cwd: ROOT, encoding: 'utf8' });
      expect(rerun.status, rerun.stderr).toBe(0);
      const summary = summaryOf(rerun.stderr);
      expect(summary.stored).toBe(DISTINCT - kills.at(-1)!);
      expect(summary.alreadyStored).toBeGreaterThanOrEqual(kills.at(-1)!);
      expect(summary.errors).toBe(data.badLines.length);
      const final = await integrity();
      expect(final.problems, final.problems.slice(0, 5).join('\n')).toEqual([]);
      const t = tally(data, final.documents);
      expect(t).toEqual({ documents: DISTINCT, foreign: 0, duplicated: 0, missing: 0 });
      expect([...before].filter((id) => !final.documents.some((d) => d.id === id))).toEqual([]);
      // Errors: the unreadable lines and nothing else, each recorded once however many runs read it.
      const badOrigins = data.badLines.map((n) => `${file}:${n}`);
      expect(new Set(final.errors.map((e) => e.origin))).toEqual(new Set(badOrigins));
      const rowsPerLine = badOrigins.map((o) => final.errors.filter((e) => e.origin === o).length);
      expect(rowsPerLine).toEqual(badOrigins.map(() => 1));

      // Every document is found by its own word, once.
      const store = await openStore(db);
      try {
        for (let i = 0; i < DISTINCT; i += 37) {
          const hits = await store.search(marker(i), { limit: 5 });
          expect(hits.map((h) => h.id), marker(i)).toHaveLength(1);
          expect(data.groups[i], marker(i)).toContain(hits[0]!.id);
        }
      } finally {
        await store.close();
      }

      // Once more: nothing to store.
      const again = spawnSync(process.execPath, ingestArgs(file, db), { cwd: ROOT, encoding: 'utf8' });
      expect(again.status, again.stderr).toBe(0);
      expect(summaryOf(again.stderr)).toMatchObject({ stored: 0, errors: data.badLines.length });
      expect(summaryOf(again.stderr).alreadyStored).toBeGreaterThanOrEqual(DISTINCT);
      expect((await integrity()).documents).toHaveLength(DISTINCT);

      console.log(`[crash-safety] ingest ${backend.name}: ${data.lines.length} lines (${DISTINCT} distinct articles, ${data.badLines.length} unreadable); ` +
        `SIGKILL at ${kills.join(', ')} stored; half-written ${halfWritten}, lost ${lost}, duplicated ${duplicated}; rerun exit ${rerun.status}: ` +
        `${final.documents.length} documents, ${t.missing} missing, ${t.duplicated} duplicated; error rows per unreadable line ${rowsPerLine.join('/')}`);
    }, 600_000);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Redis killed and restarted under running workers.

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether Redis at `port` answers PING with PONG (not while it is still loading its append-only file). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (b: Buffer) => {
      reply += b.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** Poll until `check` holds, or throw after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Start redis-server on `port`, persisting to `data` with an fsync'd append-only file; resolves once it answers. */
async function startRedis(port: number, data: string): Promise<ChildProcess> {
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes',
    '--appendfsync', 'always', '--dir', data, '--daemonize', 'no'], { stdio: 'ignore' });
  spawned.push(redis);
  await until(`redis-server on port ${port}`, () => pong(port), 20_000);
  return redis;
}

/** The queue counts, or null while Redis does not answer. */
const countsOrNull = (url: string, name: string): Promise<QueueCounts | null> => queueCounts(url, name).catch(() => null);

describe('Redis killed and restarted under running queue workers', () => {
  if (!redisServer) {
    missing('redis-server (the Redis server binary)');
    return;
  }
  const stores = [{ name: 'sqlite', skip: false }, { name: 'postgres', skip: !pgUp }];
  for (const target of stores) {
    if (target.skip) {
      missing('PostgreSQL at 127.0.0.1:5432');
      continue;
    }
    it(`workers reconnect and every job is done once (${target.name} store)`, async () => {
      const DOCS = 40;
      const port = await freePort();
      const data = mkdtempSync(join(dir, 'redis-'));
      const url = `redis://127.0.0.1:${port}`;
      let redis = await startRedis(port, data);

      let db: string;
      let schema: string | undefined;
      if (target.name === 'postgres') {
        schema = `marsad_crash_q_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
        schemas.push(schema);
        db = PG_URL;
      } else {
        db = join(dir, `queue-${Math.random().toString(36).slice(2)}.db`);
      }
      // Migrated here, so the two workers open a ready store.
      await (await openStore(schema ? `${db}?schema=${schema}` : db)).close();

      const lines = Array.from({ length: DOCS }, (_, i) => article(1000 + i));
      const expected = new Set(lines.map(documentId));
      async function* items(): AsyncGenerator<SourceItem> {
        for (const [i, raw] of lines.entries()) {
          const { text, title } = JSON.parse(raw) as { text: string; title: string };
          yield { origin: `queue.jsonl:${i + 1}`, raw, input: { raw, text, title } };
        }
      }
      const queueName = `marsad-crash-${process.pid}`;
      expect(await enqueueSources(url, items(), { queueName })).toEqual({ enqueued: DOCS, duplicates: 0, errors: 0 });

      const outputs: string[] = [];
      const workers = [0, 1].map((w) => {
        const child = spawn(process.execPath, ['--import', 'tsx', WORKER_CHILD], {
          cwd: ROOT,
          env: {
            ...process.env,
            MARSAD_TEST_REDIS: url,
            MARSAD_TEST_QUEUE: queueName,
            MARSAD_TEST_DB: db,
            ...(schema !== undefined ? { MARSAD_TEST_PG_SCHEMA: schema } : {}),
            MARSAD_TEST_SLOW_MS: '150',
            MARSAD_TEST_LOCK_MS: '3000',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        spawned.push(child);
        outputs[w] = '';
        child.stdout!.on('data', (b: Buffer) => (outputs[w] += b.toString()));
        child.stderr!.on('data', (b: Buffer) => (outputs[w] += b.toString()));
        return child;
      });
      const reportsOf = (w: number): Array<[string, string]> =>
        [...outputs[w]!.matchAll(/^job (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]);

      await until('the workers to complete some jobs', async () => ((await countsOrNull(url, queueName))?.completed ?? 0) >= 8)
        .catch((error: Error) => {
          throw new Error(`${error.message}\n${outputs.join('\n---\n')}`);
        });
      const atKill = await queueCounts(url, queueName);
      redis.kill('SIGKILL');
      await new Promise((resolve) => redis.once('exit', resolve));
      const reportsAtKill = [reportsOf(0).length, reportsOf(1).length];
      await sleep(1500); // Redis is away: the workers' commands fail and they retry connecting
      redis = await startRedis(port, data);

      const settled = (c: QueueCounts | null): boolean => c !== null && c.waiting === 0 && c.active === 0 && c.delayed === 0 && c.completed + c.failed === DOCS;
      await until('the queue to settle after the restart', async () => settled(await countsOrNull(url, queueName)), 120_000)
        .catch(async (error: Error) => {
          throw new Error(`${error.message}: ${JSON.stringify(await countsOrNull(url, queueName))}\n${outputs.join('\n---\n')}`);
        });
      const crashed = workers.filter((child) => child.exitCode !== null || child.signalCode !== null).length;
      expect(crashed, `a worker died while Redis was away:\n${outputs.join('\n---\n')}`).toBe(0);
      const stopped = workers.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
      for (const child of workers) child.kill('SIGTERM');
      await Promise.all(stopped);

      expect(await queueCounts(url, queueName)).toEqual({ waiting: 0, active: 0, completed: DOCS, failed: 0, delayed: 0 });
      const reports = [...reportsOf(0), ...reportsOf(1)];
      const inserted = reports.filter(([, status]) => status === 'inserted').map(([id]) => id);
      expect(inserted.sort()).toEqual([...expected].map(jobIdOf).sort());
      expect(reports.filter(([, status]) => status === 'failed')).toEqual([]);
      // Both workers took jobs after Redis came back.
      expect(reportsOf(0).length).toBeGreaterThan(reportsAtKill[0]!);
      expect(reportsOf(1).length).toBeGreaterThan(reportsAtKill[1]!);

      const state = schema ? await postgresIntegrity(PG_URL, schema) : sqliteIntegrity(db);
      expect(state.problems).toEqual([]);
      const ids = state.documents.map((d) => d.id);
      expect(new Set(ids)).toEqual(expected);
      expect(ids).toHaveLength(DOCS);
      expect(state.errors).toEqual([]);
      const redelivered = reports.length - DOCS;
      redis.kill('SIGKILL');
      console.log(`[crash-safety] redis restart (${target.name} store): ${DOCS} jobs, Redis SIGKILLed with ${atKill.completed} completed and ${atKill.active} active, restarted 1.5 s later; ` +
        `workers crashed ${crashed}; queue completed ${DOCS}, failed 0; documents ${ids.length}, lost ${DOCS - new Set(ids).size}, duplicated ${ids.length - new Set(ids).size}; ` +
        `jobs taken again after the restart (skipped as stored) ${redelivered}`);
    }, 300_000);
  }
});

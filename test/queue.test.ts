/**
 * Scale-out ingest on BullMQ/Redis (src/ingest/queue.ts) against a real Redis at 127.0.0.1:6379 and the real
 * stores: a corpus lands once (duplicates in the input, a second enqueue, a worker killed mid-job and its job
 * taken again), an analysis error fails its job at once with a store error row, a store error is retried.
 * Without Redis the suite is skipped with a warning, or fails when MARSAD_REQUIRE_SERVICES=1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { answers } from './helpers/answers.js';
import type { Store } from '../src/store/store.js';
import type { SourceItem } from '../src/ingest/read-sources.js';
import { documentId } from '../src/pipeline.js';
import { analyzeItem, type ItemToAnalyze } from '../src/ingest/analyze-item.js';
import { enqueueSources, jobIdOf, queueCounts, redisOptions, runWorker, type QueueCounts, type QueueJobReport } from '../src/ingest/queue.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';

const REDIS = 'redis://127.0.0.1:6379';
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE = process.env.MARSAD_REQUIRE_SERVICES === '1';
const CHILD = new URL('./helpers/queue-worker-child.ts', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;

/** The PostgreSQL backend's constructor, if that module exists yet (a variable specifier keeps it optional). */
async function postgresBackend(): Promise<((url: string, o: { schema: string }) => Promise<Store>) | null> {
  const modulePath = '../src/store/postgres-store.js';
  try {
    return ((await import(modulePath)) as { createPostgresStore: (url: string, o: { schema: string }) => Promise<Store> }).createPostgresStore;
  } catch (error) {
    console.warn(`queue tests: PostgreSQL backend not available (${(error as Error).message}); testing SQLite only`);
    return null;
  }
}

const redisUp = await answers(6379);
const createPostgresStore = redisUp ? await postgresBackend() : null;
const pgUp = createPostgresStore !== null && (await answers(5432));
if (createPostgresStore !== null && !pgUp) console.warn('queue tests: PostgreSQL not reachable at 127.0.0.1:5432; testing SQLite only');

/** 30 short Arabic articles; the 8th and the 22nd are the same raw input, so there are 29 distinct documents. */
function corpus(): Array<{ origin: string; raw: string; text: string }> {
  const cities = ['بغداد', 'القاهرة', 'الرياض', 'عمان', 'بيروت', 'دمشق', 'تونس', 'الرباط', 'الدوحة', 'صنعاء'];
  const verbs = ['اجتماعا', 'مؤتمرا', 'لقاء'];
  const docs = [];
  for (let i = 0; i < 30; i++) {
    const n = i === 21 ? 7 : i;
    const city = cities[n % cities.length]!;
    const text = `أعلنت وزارة الخارجية في ${city} أنها ستعقد ${verbs[n % verbs.length]!} رقم ${n + 1} مع وفد رسمي لبحث التعاون الاقتصادي والتجاري بين البلدين في الأسبوع ${n + 3} من العام.`;
    docs.push({ origin: `corpus.jsonl:${i + 1}`, raw: JSON.stringify({ text }), text });
  }
  return docs;
}

/** The corpus as a source stream, with one unreadable item at the end. */
async function* sources(docs = corpus(), unreadable = true): AsyncGenerator<SourceItem> {
  for (const d of docs) yield { origin: d.origin, raw: d.raw, input: { raw: d.raw, text: d.text } };
  if (unreadable) yield { origin: 'corpus.jsonl:31', raw: '{broken', error: 'not valid JSON' };
}

/** Enqueue without the enqueuer's stderr report of the unreadable item (asserted once, in the first test). */
async function enqueueQuietly(items: AsyncIterable<SourceItem>, queueName: string) {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await enqueueSources(REDIS, items, { queueName });
  } finally {
    stderr.mockRestore();
  }
}

const distinctIds = (): string[] => [...new Set(corpus().map((d) => documentId(d.raw)))];

/** Poll until `check` holds (or fail after `ms`). */
async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Whether the queue has nothing left to do, with `finished` jobs completed or failed. */
const settled = (c: QueueCounts, finished: number): boolean =>
  c.waiting === 0 && c.active === 0 && c.delayed === 0 && c.completed + c.failed === finished;

/** Run an in-process worker until the queue has settled with `finished` jobs; resolves to its counts and reports. */
async function workUntilSettled(store: Store, queueName: string, finished: number, options: Parameters<typeof runWorker>[2] = {}, beforeStop?: () => Promise<void>) {
  const controller = new AbortController();
  const reports: QueueJobReport[] = [];
  const run = runWorker(REDIS, store, { queueName, lockDuration: 2000, stalledInterval: 1000, ...options, signal: controller.signal, onJob: (r) => reports.push(r) });
  try {
    await until(`queue ${queueName} to settle with ${finished} jobs`, async () => settled(await queueCounts(REDIS, queueName), finished));
    await beforeStop?.();
  } finally {
    controller.abort();
  }
  return { counts: await run, reports };
}

/** The ids of every stored document. */
async function storedIds(store: Store): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await store.rawDocuments(after, 100);
    if (page.length === 0) return ids;
    ids.push(...page.map((d) => d.id));
    after = page[page.length - 1]!.id;
  }
}

interface Backend {
  name: string;
  /** A fresh, empty store, and how a child process opens the same one. */
  open(): Promise<{ store: Store; db: string; schema?: string }>;
}

const tmp = mkdtempSync(join(tmpdir(), 'marsad-queue-'));
const schemas: string[] = [];
const backends: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const db = join(tmp, `store-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
      const store = await createSqliteStore(db);
      await store.migrate();
      return { store, db };
    },
  },
];
if (createPostgresStore !== null && pgUp) {
  backends.push({
    name: 'postgres',
    async open() {
      const schema = `queue_test_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
      schemas.push(schema);
      const store = await createPostgresStore(PG_URL, { schema });
      await store.migrate();
      return { store, db: PG_URL, schema };
    },
  });
}

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe('redisOptions', () => {
  it('reads host, port, database and credentials from a redis:// URL', () => {
    expect(redisOptions('redis://10.0.0.5:6380/3')).toEqual({ host: '10.0.0.5', port: 6380, db: 3 });
    expect(redisOptions('redis://localhost')).toEqual({ host: 'localhost', port: 6379, db: 0 });
    expect(redisOptions('rediss://u:p%40ss@h:1/2')).toEqual({ host: 'h', port: 1, db: 2, username: 'u', password: 'p@ss', tls: {} });
    expect(() => redisOptions('postgres://x')).toThrow(/not a Redis URL/);
    expect(() => redisOptions('redis://h/x')).toThrow(/database number/);
  });
  it('keeps all-digit document ids out of the job id space BullMQ refuses', () => {
    expect(jobIdOf('4a88e43ae7c95b6c')).toBe('4a88e43ae7c95b6c');
    expect(jobIdOf('1234567890123456')).toBe('doc-1234567890123456');
  });
});

if (!redisUp) {
  if (REQUIRE) {
    it('needs Redis at 127.0.0.1:6379 (MARSAD_REQUIRE_SERVICES=1)', () => {
      throw new Error('Redis is not reachable at 127.0.0.1:6379 and MARSAD_REQUIRE_SERVICES=1 requires it');
    });
  } else {
    console.warn('queue tests SKIPPED: Redis is not reachable at 127.0.0.1:6379 (set MARSAD_REQUIRE_SERVICES=1 to make this a failure)');
    it.skip('queue tests need Redis at 127.0.0.1:6379', () => undefined);
  }
} else {
  if (REQUIRE && createPostgresStore !== null && !pgUp) {
    it('needs PostgreSQL at 127.0.0.1:5432 (MARSAD_REQUIRE_SERVICES=1)', () => {
      throw new Error('PostgreSQL is not reachable at 127.0.0.1:5432 and MARSAD_REQUIRE_SERVICES=1 requires it');
    });
  }
  describe.each(backends)('queue ingest into $name', (backend) => {
    let queueName = '';
    const open: Store[] = [];
    const children: ChildProcess[] = [];
    const freshQueue = (): string => (queueName = `marsad-test-${backend.name}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
    const openStore = async () => {
      const s = await backend.open();
      open.push(s.store);
      return s;
    };

    afterEach(async () => {
      for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const queue = new Queue(queueName, { connection: redisOptions(REDIS) });
      await queue.obliterate({ force: true });
      await queue.close();
      for (const store of open.splice(0)) await store.close();
    });

    it('stores 30 enqueued articles (two identical) as 29 documents, once each, and clusters them', async () => {
      const { store } = await openStore();
      const name = freshQueue();
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      let enqueued;
      try {
        enqueued = await enqueueSources(REDIS, sources(), { queueName: name });
        expect(stderr).toHaveBeenCalledWith('corpus.jsonl:31: not valid JSON\n');
      } finally {
        stderr.mockRestore();
      }
      expect(enqueued).toEqual({ enqueued: 29, duplicates: 1, errors: 1 });
      expect(await queueCounts(REDIS, name)).toEqual({ waiting: 29, active: 0, completed: 0, failed: 0, delayed: 0 });

      // Clustering runs when the queue drains, while the worker still runs (not only when it stops).
      const clusteredWhileRunning = () => until('events to be clustered after the drain', async () => (await store.unclusteredEvents(10)).length === 0, 10_000);
      const { counts, reports } = await workUntilSettled(store, name, 29, {}, clusteredWhileRunning);
      expect(counts).toEqual({ processed: 29, failed: 0 });
      expect(reports.map((r) => r.status)).toEqual(Array(29).fill('inserted'));
      expect(await queueCounts(REDIS, name)).toEqual({ waiting: 0, active: 0, completed: 29, failed: 0, delayed: 0 });
      // Each job is its document: the job id is the document id.
      expect(reports.map((r) => r.jobId).sort()).toEqual(distinctIds().map(jobIdOf).sort());
      expect(reports.every((r) => r.id === r.jobId.replace(/^doc-/, ''))).toBe(true);

      const ids = await storedIds(store);
      expect(ids).toHaveLength(29);
      expect(new Set(ids)).toEqual(new Set(distinctIds()));
      const stats = await store.stats();
      expect(stats.documents).toBe(29);
      expect(stats.errors).toBe(0); // the unreadable item is reported by the enqueuer, not stored
      expect(stats.events).toBeGreaterThan(0);
      expect(await store.unclusteredEvents(10)).toEqual([]);
      const one = await store.document(documentId(corpus()[0]!.raw));
      expect(one?.origin).toBe('corpus.jsonl:1');
      expect(one?.raw).toBe(corpus()[0]!.raw);
    });

    it('takes the job of a worker killed mid-job again: every document is stored exactly once', async () => {
      const { store, db, schema } = await openStore();
      const name = freshQueue();
      await enqueueSources(REDIS, sources(corpus(), false), { queueName: name });
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        cwd: ROOT,
        env: {
          ...process.env,
          MARSAD_TEST_REDIS: REDIS,
          MARSAD_TEST_QUEUE: name,
          MARSAD_TEST_DB: db,
          ...(schema !== undefined ? { MARSAD_TEST_PG_SCHEMA: schema } : {}),
          MARSAD_TEST_SLOW_MS: '300',
          MARSAD_TEST_LOCK_MS: '2000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let childOut = '';
      child.stdout!.on('data', (b: Buffer) => (childOut += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (childOut += b.toString()));
      const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

      await until('the child worker to complete some jobs and be in the middle of another', async () => {
        const c = await queueCounts(REDIS, name);
        return c.completed >= 3 && c.active >= 1;
      }).catch((error: Error) => {
        throw new Error(`${error.message}; child output:\n${childOut}`);
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      // What the dead worker held: still active, its lock left to expire.
      const queue = new Queue(name, { connection: redisOptions(REDIS) });
      try {
        const held = (await queue.getActive()).map((j) => j.id!);
        expect(held.length).toBeGreaterThanOrEqual(1);
        const doneBefore = (await queueCounts(REDIS, name)).completed;
        expect(doneBefore).toBeLessThan(29);
        for (const id of held) expect(await store.hasDocument(id.replace(/^doc-/, ''))).toBe(false);

        const { counts, reports } = await workUntilSettled(store, name, 29);
        expect(counts).toEqual({ processed: 29 - doneBefore, failed: 0 });
        for (const id of held) {
          expect(reports.find((r) => r.jobId === id)?.status).toBe('inserted');
          const job = await queue.getJob(id);
          expect(await job!.getState()).toBe('completed');
          expect(job!.stalledCounter).toBeGreaterThanOrEqual(1); // moved back by the stalled-job check
        }
      } finally {
        await queue.close();
      }
      expect(await queueCounts(REDIS, name)).toEqual({ waiting: 0, active: 0, completed: 29, failed: 0, delayed: 0 });
      const ids = await storedIds(store);
      expect(ids).toHaveLength(29);
      expect(new Set(ids)).toEqual(new Set(distinctIds()));
      expect((await store.stats()).documents).toBe(29);
    });

    it('fails a job whose analysis throws at once, with its reason and a store error row; the others land', async () => {
      const { store } = await openStore();
      const name = freshQueue();
      const docs = corpus().slice(0, 5);
      const bad = docs[2]!;
      await enqueueSources(REDIS, sources(docs, false), { queueName: name });
      let badTries = 0;
      const analyze = (item: ItemToAnalyze) => {
        if (item.raw === bad.raw) {
          badTries++;
          throw new Error('the tagger fell over');
        }
        return analyzeItem(item);
      };
      const { counts, reports } = await workUntilSettled(store, name, 5, { analyze });
      expect(counts).toEqual({ processed: 4, failed: 1 });
      expect(badTries).toBe(1); // not retried
      const badJobId = jobIdOf(documentId(bad.raw));
      expect(reports.find((r) => r.status === 'failed')).toEqual({ jobId: badJobId, origin: bad.origin, status: 'failed', id: null, reason: 'analysis failed: the tagger fell over' });
      expect(await queueCounts(REDIS, name)).toEqual({ waiting: 0, active: 0, completed: 4, failed: 1, delayed: 0 });

      const queue = new Queue(name, { connection: redisOptions(REDIS) });
      try {
        const job = await queue.getJob(badJobId);
        expect(await job!.getState()).toBe('failed');
        expect(job!.failedReason).toBe('analysis failed: the tagger fell over');
        expect(job!.attemptsMade).toBe(1);
      } finally {
        await queue.close();
      }
      const errors = await store.errors();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ origin: bad.origin, reason: 'analysis failed: the tagger fell over', raw: bad.raw });
      expect(new Set(await storedIds(store))).toEqual(new Set(docs.filter((d) => d !== bad).map((d) => documentId(d.raw))));
    });

    it('retries a job whose store write failed, and it lands', async () => {
      const { store } = await openStore();
      const name = freshQueue();
      const docs = corpus().slice(0, 3);
      await enqueueSources(REDIS, sources(docs, false), { queueName: name });
      const flaky = documentId(docs[1]!.raw);
      let failures = 0;
      const flakyStore = new Proxy(store, {
        get(target, key, receiver) {
          if (key === 'putDocument') {
            return (d: Parameters<Store['putDocument']>[0]) => {
              if (d.doc.id === flaky && failures++ === 0) return Promise.reject(new Error('connection reset'));
              return target.putDocument(d);
            };
          }
          const value: unknown = Reflect.get(target, key, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const { counts } = await workUntilSettled(flakyStore, name, 3);
      expect(counts).toEqual({ processed: 3, failed: 0 });
      expect(failures).toBe(2); // failed once, then written on the retry
      const queue = new Queue(name, { connection: redisOptions(REDIS) });
      try {
        const job = await queue.getJob(jobIdOf(flaky));
        expect(await job!.getState()).toBe('completed');
        expect(job!.attemptsMade).toBe(2);
      } finally {
        await queue.close();
      }
      expect(new Set(await storedIds(store))).toEqual(new Set(docs.map((d) => documentId(d.raw))));
      expect(await store.errors()).toEqual([]);
    });

    it('adds no document when the same corpus is enqueued again, while its jobs are kept or after they were removed', async () => {
      const { store } = await openStore();
      const name = freshQueue();
      await enqueueQuietly(sources(), name);
      await workUntilSettled(store, name, 29);
      expect((await store.stats()).documents).toBe(29);

      // The completed jobs are still there: no job is added.
      expect(await enqueueQuietly(sources(), name)).toEqual({ enqueued: 0, duplicates: 30, errors: 1 });
      expect(await queueCounts(REDIS, name)).toEqual({ waiting: 0, active: 0, completed: 29, failed: 0, delayed: 0 });

      // Once completed jobs are removed, the documents are queued again, and the worker skips them as stored.
      const queue = new Queue(name, { connection: redisOptions(REDIS) });
      try {
        await queue.clean(0, 1000, 'completed');
      } finally {
        await queue.close();
      }
      expect(await enqueueQuietly(sources(), name)).toEqual({ enqueued: 29, duplicates: 1, errors: 1 });
      const { counts, reports } = await workUntilSettled(store, name, 29);
      expect(counts).toEqual({ processed: 29, failed: 0 });
      expect(reports.map((r) => r.status)).toEqual(Array(29).fill('skipped'));
      expect(await storedIds(store)).toHaveLength(29);
      expect((await store.stats()).documents).toBe(29);
    });
  });
}

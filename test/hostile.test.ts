/**
 * Hostile input (test/hostile/corpus.ts, built at test time): every payload class through `analyze` (the function,
 * and the CLI for a few), through `ingest` (the whole corpus in one run into a temp SQLite store: every good document
 * stored and sane, every bad one an error record with its reason, the counts exact, and a second run adding
 * nothing), and through the API (`POST /api/analyze`, `POST /api/documents`). The budgets: a 50 MB article is
 * refused by its size without being read whole, an analysis past a tiny `maxMs` is stopped, and a worker that never
 * returns is terminated and replaced by the pool.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { analyze, documentId } from '../src/pipeline.js';
import { BudgetExceeded, DEFAULT_BUDGETS, type Budgets } from '../src/budgets.js';
import { InputError, inputFromBytes } from '../src/ingest/read-input.js';
import { readSources } from '../src/ingest/read-sources.js';
import { ingestItems } from '../src/ingest/ingest.js';
import { AnalyzePool } from '../src/ingest/analyze-pool.js';
import { inputFromObject } from '../src/ingest/read-input.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { buildApp } from '../src/server/app.js';
import type { AnnotatedDoc } from '../src/types.js';
import { docProblems } from './hostile/check-doc.js';
import { ARTICLE, article, HOSTILE_FILES, HOSTILE_LINES, JSONL_FILE, writeHostileCorpus, type Outcome } from './hostile/corpus.js';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'marsad-hostile-'));
const corpus = join(dir, 'corpus');

beforeAll(async () => {
  mkdirSync(corpus);
  await writeHostileCorpus(corpus);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The problems of a document against an outcome (none: as expected). */
function documentProblems(doc: AnnotatedDoc, expected: Outcome, inputLength: number): string[] {
  if (expected.kind !== 'document') return [`expected an error matching ${expected.reason}, got a document`];
  return [...docProblems(doc), ...(expected.check?.(doc, inputLength) ?? [])];
}

const cli = (args: string[], input?: Buffer): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(input ? { input } : {}) });

describe('analyze() on every hostile file', () => {
  for (const f of HOSTILE_FILES.filter((file) => file.bytes !== undefined)) {
    const expected = f.analyze ?? f.expect;
    it(`${f.name}: ${expected.kind === 'document' ? 'a sane document' : `the error ${expected.reason}`}`, () => {
      const bytes = f.bytes!();
      let doc: AnnotatedDoc;
      try {
        doc = analyze(inputFromBytes(bytes, f.file), DEFAULT_BUDGETS);
      } catch (error) {
        expect(error, 'only input errors may be thrown').toBeInstanceOf(InputError);
        expect(expected.kind === 'error' ? (error as Error).message : `unexpected error: ${(error as Error).message}`).toMatch(expected.kind === 'error' ? expected.reason : /^$/);
        return;
      }
      expect(documentProblems(doc, expected, bytes.length)).toEqual([]);
    });
  }

  it('refuses a 50 MB article by its size before any stage runs', () => {
    const text = 'قال الوزير '.repeat(Math.ceil((50 * 1024 * 1024) / Buffer.byteLength('قال الوزير '))).slice(0, 26_214_400);
    const error = (() => {
      try {
        analyze({ raw: text, text }, DEFAULT_BUDGETS);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(BudgetExceeded);
    expect((error as BudgetExceeded).kind).toBe('bytes');
    expect((error as Error).message).toMatch(/^document is [\d,]+ bytes, over the 5,242,880-byte budget \(--max-bytes, MARSAD_MAX_BYTES\)$/);
  });

  it('stops an analysis past maxMs between stages, with the time error', () => {
    const line = inputFromBytes(HOSTILE_FILES.find((f) => f.file === 'one-line.txt')!.bytes!(), 'one-line.txt');
    const error = (() => {
      try {
        analyze(line, { maxBytes: DEFAULT_BUDGETS.maxBytes, maxMs: 1 });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(BudgetExceeded);
    expect((error as BudgetExceeded).kind).toBe('time');
    expect((error as Error).message).toMatch(/over the 1-ms budget \(--max-ms, MARSAD_MAX_MS\): stopped after [\d,]+ ms, before stage [a-z-]+$/);
  });
});

describe('marsad analyze (CLI) on hostile files', () => {
  it('refuses the 50 MB article with exit 1 and the size in the message, printing nothing', () => {
    const r = cli(['analyze', join(corpus, 'article-50mb.txt')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('marsad: document is 52,428,800 bytes, over the 5,242,880-byte budget (--max-bytes, MARSAD_MAX_BYTES)');
  });

  it('refuses stdin over --max-bytes, and a binary file, with exit 1 and no stack trace', () => {
    const over = cli(['analyze', '-', '--max-bytes', '1k'], Buffer.from(article(90).repeat(3)));
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/^marsad: document is [\d,]+ bytes, over the 1,024-byte budget/);
    const binary = cli(['analyze', join(corpus, 'random.bin.txt')]);
    expect(binary.status).toBe(1);
    expect(binary.stderr).toMatch(/^marsad: binary data, not text/);
    expect(binary.stderr).not.toMatch(/\n\s+at /);
    const usage = cli(['analyze', join(corpus, 'bidi.txt'), '--max-ms', 'soon']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--max-ms must be a duration/);
  });

  it('--jsonl: one sane document or {"line", "error"} per hostile line, as the corpus says; exit 1', () => {
    const r = cli(['analyze', '--jsonl', join(corpus, JSONL_FILE)]);
    expect(r.status).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as AnnotatedDoc | { line: number; error: string });
    expect(out).toHaveLength(HOSTILE_LINES.length);
    HOSTILE_LINES.forEach((l, i) => {
      const got = out[i]!;
      if (l.expect.kind === 'error') expect('error' in got ? got : `line ${i + 1} (${l.name}): a document`).toMatchObject({ line: i + 1, error: expect.stringMatching(l.expect.reason) });
      else expect('error' in got ? [`line ${i + 1} (${l.name}): ${got.error}`] : documentProblems(got, l.expect, l.line().length)).toEqual([]);
    });
  });

  it('--max-ms 1 stops the analysis of the 1M-character line: exit 1 with the time budget', () => {
    const r = cli(['analyze', join(corpus, 'one-line.txt'), '--max-ms', '1']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^marsad: analysis took over the 1-ms budget \(--max-ms, MARSAD_MAX_MS\)/);
  });
});

describe('ingest of the whole hostile corpus in one run', () => {
  /** Every item of the corpus with its origin and what must come of it. */
  const items = (): Array<{ origin: string; name: string; expect: Outcome; length: () => number }> => [
    ...HOSTILE_FILES.map((f) => ({ origin: join(corpus, f.file) + (f.element ?? ''), name: f.name, expect: f.expect, length: () => statSync(join(corpus, f.file)).size })),
    ...HOSTILE_LINES.map((l, i) => ({ origin: `${join(corpus, JSONL_FILE)}:${i + 1}`, name: l.name, expect: l.expect, length: () => l.line().length })),
  ];
  let store: Store;
  beforeAll(async () => {
    store = await openStore(join(dir, 'hostile.db'));
  });
  afterAll(async () => {
    await store?.close();
  });

  it('stores every good document (sane), records every bad one with its reason, counts exact; a second run adds nothing', async () => {
    const expected = items();
    const documents = expected.filter((e) => e.expect.kind === 'document').length;
    const errors = expected.length - documents;
    const counts = await ingestItems(readSources([corpus], { maxBytes: DEFAULT_BUDGETS.maxBytes }), { store, workers: 1, budgets: DEFAULT_BUDGETS });
    expect(counts).toMatchObject({ read: expected.length, inserted: documents, duplicates: 0, skipped: 0, errors });

    const recorded = new Map((await store.errors({ limit: 1000 })).map((e) => [e.origin, e.reason]));
    expect(recorded.size).toBe(errors);
    const stored = new Map<string, AnnotatedDoc>();
    for (let after: string | null = null; ;) {
      const page = await store.rawDocuments(after, 100);
      if (page.length === 0) break;
      for (const d of page) stored.set(d.origin, (await store.document(d.id))!.doc);
      after = page[page.length - 1]!.id;
    }
    expect(stored.size).toBe(documents);
    for (const e of expected) {
      const doc = stored.get(e.origin);
      const reason = recorded.get(e.origin);
      if (e.expect.kind === 'error') {
        expect(reason ?? `${e.name}: ${doc ? 'stored' : 'nothing recorded'}`, e.name).toMatch(e.expect.reason);
      } else {
        expect(doc ? documentProblems(doc, e.expect, e.length()) : [`${e.name}: not stored (${reason ?? 'no error'})`], e.name).toEqual([]);
      }
    }

    const again = await ingestItems(readSources([corpus], { maxBytes: DEFAULT_BUDGETS.maxBytes }), { store, workers: 1, budgets: DEFAULT_BUDGETS });
    expect(again).toMatchObject({ read: expected.length, inserted: 0, duplicates: 0, skipped: documents, errors });
    const stats = await store.stats();
    expect({ documents: stats.documents, errors: stats.errors }).toEqual({ documents, errors });
  });

  it('records an analysis past a tiny maxMs as an error with the time budget, and stores nothing', async () => {
    const timed = await openStore(join(dir, 'timed.db'));
    try {
      const budgets: Budgets = { maxBytes: DEFAULT_BUDGETS.maxBytes, maxMs: 1 };
      const counts = await ingestItems(readSources([join(corpus, 'one-line.txt')], { maxBytes: budgets.maxBytes }), { store: timed, workers: 1, budgets });
      expect(counts).toMatchObject({ read: 1, inserted: 0, errors: 1 });
      const [error] = await timed.errors();
      expect(error?.reason).toMatch(/analysis (took over the 1-ms budget|did not finish within 1,001 ms)/);
      expect((await timed.stats()).documents).toBe(0);
    } finally {
      await timed.close();
    }
  });
});

describe('the analyze pool', () => {
  const item = (origin: string, n: number) => {
    const value = { text: article(n) };
    const raw = JSON.stringify(value);
    return { origin, raw, input: inputFromObject(value, raw) };
  };

  it('terminates a worker that never returns, fails that item with the time budget, and goes on with a new worker', async () => {
    const pool = new AnalyzePool(1, { budgets: { maxBytes: DEFAULT_BUDGETS.maxBytes, maxMs: 1500 }, entry: new URL('./hostile/hanging-worker.ts', import.meta.url) });
    try {
      expect(pool.hardLimitMs).toBe(3000);
      const hung = pool.analyze(item('hang:1', 101)).then(() => null, (e: unknown) => e);
      const next = pool.analyze(item('after', 102));
      const error = await hung;
      expect(error).toBeInstanceOf(BudgetExceeded);
      expect((error as Error).message).toMatch(/^analysis did not finish within 3,000 ms \(its budget is 1,500 ms, --max-ms, MARSAD_MAX_MS\); its worker was stopped$/);
      const analyzed = await next;
      expect(analyzed.doc.id).toBe(documentId(item('after', 102).raw));
      expect(docProblems(analyzed.doc)).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('fails every item with the reason when its workers cannot start, instead of restarting them forever', async () => {
    const pool = new AnalyzePool(1, { entry: new URL('./hostile/broken-worker.ts', import.meta.url) });
    try {
      await expect(pool.analyze(item('a', 103))).rejects.toThrow(/analysis worker could not start: model files not found/);
      await expect(pool.analyze(item('b', 104))).rejects.toThrow(/could not start/);
    } finally {
      await pool.close();
    }
  });
});

describe('the API on hostile bodies', () => {
  const TOKEN = 'hostile-token-0123456789abcdef';
  let store: Store;
  let app: FastifyInstance;
  /** An app whose routes read their budgets from the environment (as `marsad serve` does). */
  async function appWithBudgets(env: Record<string, string>): Promise<FastifyInstance> {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      return await buildApp(store, { token: TOKEN, webRoot: null, rateLimit: { max: 100_000, timeWindow: '1 minute' } });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }
  beforeAll(async () => {
    store = await openStore(join(dir, 'api.db'));
    app = await appWithBudgets({});
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });
  const post = (target: FastifyInstance, url: string, payload: string | object) =>
    target.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  /** What POST /api/analyze answers for each hostile line (the API's own limits and checks come first). */
  const API: Record<string, { status: number; code?: string; message?: RegExp }> = {
    'an ordinary article': { status: 200 },
    'a line that is not JSON': { status: 400, code: 'invalid_json' },
    'a JSON array, not an object': { status: 400, message: /must be a JSON object/ },
    'an object without text': { status: 400, message: /no article text/ },
    'text that is an object': { status: 400, message: /"text" must be a string/ },
    'an article with a field nested 100,000 deep': { status: 400, message: /nested too deeply/ },
    'HTML nested 5,000 deep in a line': { status: 400, message: /nested more than 1000 elements deep/ },
    'a 6 MB line': { status: 413, code: 'body_too_large' },
    'escaped NULs, controls and lone surrogates in the text': { status: 200 },
    'a lone high surrogate right before a valid pair': { status: 200 },
    'a __proto__ field (prototype pollution attempt)': { status: 400 },
    'another ordinary article': { status: 200 },
  };

  it('POST /api/analyze: a sane document or a clear JSON error for every hostile line, never a 5xx', async () => {
    expect(Object.keys(API).sort()).toEqual(HOSTILE_LINES.map((l) => l.name).sort());
    for (const l of HOSTILE_LINES) {
      const want = API[l.name]!;
      const response = await post(app, '/api/analyze', l.line());
      expect({ name: l.name, status: response.statusCode }).toEqual({ name: l.name, status: want.status });
      const body = JSON.parse(response.body) as AnnotatedDoc & { error?: { code: string; message: string } };
      if (want.status === 200) expect(documentProblems(body, l.expect, l.line().length), l.name).toEqual([]);
      else {
        if (want.code) expect(body.error?.code, l.name).toBe(want.code);
        expect(body.error?.message, l.name).toMatch(want.message ?? /./);
      }
    }
    expect('polluted' in {}).toBe(false);
  });

  it('a 50 MB body is a 413, and an article over MARSAD_MAX_BYTES a 413 document_too_large, never analyzed', async () => {
    const huge = await post(app, '/api/analyze', { text: 'قال الوزير '.repeat(2_500_000) });
    expect(huge.statusCode).toBe(413);
    expect(JSON.parse(huge.body).error.code).toBe('body_too_large');
    const small = await appWithBudgets({ MARSAD_MAX_BYTES: '64k' });
    try {
      const big = { text: article(91).repeat(200) };
      const response = await post(small, '/api/analyze', big);
      expect(response.statusCode).toBe(413);
      expect(JSON.parse(response.body).error).toEqual({ code: 'document_too_large', message: expect.stringMatching(/^document is [\d,]+ bytes, over the 65,536-byte budget/) });
      const batch = await post(small, '/api/documents', { documents: [big, { text: article(92) }] });
      expect(batch.statusCode).toBe(413);
      expect(JSON.parse(batch.body).error).toMatchObject({ code: 'document_too_large', items: [{ index: 0, reason: expect.stringMatching(/over the 65,536-byte budget/) }] });
      expect((await store.stats()).documents).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('an analysis past MARSAD_MAX_MS: 422 analysis_too_long on /api/analyze, an error record and result on /api/documents', async () => {
    const slow = await appWithBudgets({ MARSAD_MAX_MS: '1' });
    try {
      const text = { text: `${ARTICLE}\n`.repeat(100) };
      const analyzed = await post(slow, '/api/analyze', text);
      expect(analyzed.statusCode).toBe(422);
      expect(JSON.parse(analyzed.body).error).toEqual({ code: 'analysis_too_long', message: expect.stringMatching(/over the 1-ms budget/) });
      const stored = await post(slow, '/api/documents', text);
      expect(stored.statusCode).toBe(200);
      const [result] = JSON.parse(stored.body).results as Array<{ status: string; reason: string }>;
      expect(result).toMatchObject({ status: 'error', reason: expect.stringMatching(/over the 1-ms budget/) });
      const errors = await store.errors();
      expect(errors[0]?.reason).toMatch(/over the 1-ms budget/);
      expect((await store.stats()).documents).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('an article with only diacritics, and a deeply nested body, are 400s with the reason', async () => {
    const diacritics = await post(app, '/api/documents', { text: '\u064b\u064e\u0651\u0652'.repeat(100) });
    expect(diacritics.statusCode).toBe(400);
    expect(JSON.parse(diacritics.body).error.items[0].reason).toMatch(/no text/);
    const nested = await post(app, '/api/documents', `{"documents": [{"text": "قال", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`);
    expect(nested.statusCode).toBe(400);
    expect(JSON.parse(nested.body).error.items[0].reason).toMatch(/nested too deeply/);
  });
});

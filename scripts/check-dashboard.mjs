/**
 * The issue's "done when", checked in Chromium against a running `marsad serve` / `npm start`: the overview draws the
 * stored events on the map, the timeline and the actor network, a search for «داعش» lists articles, and the article
 * about the coalition meeting in Copenhagen (found among the hits by a word of its title) opens with its highlights and
 * event cards. Prints what it saw and saves a screenshot of each view; exits 1 when a step fails or the page logs an
 * error. Run: `npm start` in one shell, then `npm run check:dashboard [-- http://127.0.0.1:8080] [-- --out DIR]`.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
const base = (positionals[0] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const out = values.out ?? 'test-results/screenshots';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  const ready = () => page.waitForSelector('html[data-state="ready"]', { timeout: 30_000 });

  await page.goto(`${base}/`);
  await ready();
  const count = (selector) => page.locator(selector).count();
  check((await count('[data-testid="map-point"]')) > 0, `map: ${await count('[data-testid="map-point"]')} places`);
  check((await count('[data-testid="timeline-bar"]')) > 0, `timeline: ${await count('[data-testid="timeline-bar"]')} bars`);
  check((await count('[data-testid="network-node"]')) > 0, `actor network: ${await count('[data-testid="network-node"]')} actors`);
  check((await count('[data-testid="event-row"]')) > 0, `event table: ${await count('[data-testid="event-row"]')} rows`);
  await page.screenshot({ path: `${out}/start-overview.png`, fullPage: true });

  await page.fill('[data-testid="search-input"]', 'داعش');
  await page.press('[data-testid="search-input"]', 'Enter');
  await page.waitForSelector('[data-testid="search-hit"]', { timeout: 30_000 });
  check((await count('[data-testid="search-hit"]')) > 0, `search «داعش»: ${await count('[data-testid="search-hit"]')} articles`);
  await page.screenshot({ path: `${out}/start-search.png`, fullPage: true });

  const hit = page.locator('[data-testid="search-hit"]', { hasText: 'كوبنهاغن' }).first();
  check((await hit.count()) === 1, 'the Copenhagen coalition article is among the hits');
  if ((await hit.count()) === 1) {
    await hit.locator('a').first().click();
    await page.waitForSelector('[data-testid="doc-text"]', { timeout: 30_000 });
    await ready();
    const highlights = await count('[data-testid="hl"]');
    const cards = await count('[data-testid="event-card"]');
    check(highlights > 0 && cards > 0, `«${await page.textContent('[data-testid="doc-title"]')}»: ${highlights} highlighted spans, ${cards} event cards`);
    await page.screenshot({ path: `${out}/start-document.png`, fullPage: true });
  }
  check(problems.length === 0, `no errors in the page${problems.length ? `: ${problems.join(' | ')}` : ''}`);
} finally {
  await browser.close();
}
console.log(`screenshots in ${out}/`);
process.exit(failures.length > 0 ? 1 : 0);

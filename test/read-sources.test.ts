/** Reading what `marsad ingest` is pointed at: folders, JSONL(.gz), JSON, HTML, feeds, stdin, URLs, a watched folder. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFieldMap, readSources, readStdin, watchFolder, type ReadItem, type SourceItem } from '../src/ingest/read-sources.js';
import { UsageError } from '../src/cli/usage-error.js';
import { parsePublished } from '../src/text/parse-published.js';

const tmp = mkdtempSync(join(tmpdir(), 'marsad-read-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => {
  const dir = join(tmp, `d${++dirs}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

async function all(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}
const isRead = (item: SourceItem | undefined): item is ReadItem => item !== undefined && 'input' in item;
function ok(item: SourceItem | undefined): ReadItem {
  if (!isRead(item)) throw new Error(`expected an article, got ${JSON.stringify(item)}`);
  return item;
}
function bad(item: SourceItem | undefined): { origin: string; raw: string | null; error: string } {
  if (item === undefined || isRead(item)) throw new Error(`expected an error item, got ${JSON.stringify(item)}`);
  return item;
}
const jsonl = (objects: unknown[]): string => objects.map((o) => JSON.stringify(o)).join('\n') + '\n';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>سكاي نيوز عربية</title>
  <link>https://www.skynewsarabia.com/</link>
  <atom:link href="https://www.skynewsarabia.com/rss" rel="self"/>
  <item>
    <title>وزير الخارجية الأمريكي يزور &amp; الرياض</title>
    <link>https://www.skynewsarabia.com/world/1</link>
    <guid isPermaLink="false">sky-1</guid>
    <pubDate>Sun, 18 Feb 2018 21:35:43 +0400</pubDate>
    <description><![CDATA[<p>وصل وزير الخارجية إلى <b>الرياض</b> اليوم.</p><p>وبحث مع نظيره الأوضاع.</p><script>track()</script>]]></description>
  </item>
  <item>
    <title><![CDATA[اشتباكات في طرابلس]]></title>
    <link>/world/2</link>
    <guid>https://www.skynewsarabia.com/world/2</guid>
    <pubDate>Mon, 19 Feb 2018 08:00:00 GMT</pubDate>
    <description>ملخص قصير</description>
    <content:encoded><![CDATA[<div><p>اندلعت اشتباكات عنيفة في طرابلس.</p></div>]]></content:encoded>
  </item>
  <item>
    <title>عنوان بلا نص</title>
    <link>https://www.skynewsarabia.com/world/3</link>
  </item>
</channel>
</rss>
`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<!-- an Atom feed -->
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>بي بي سي عربي</title>
  <id>urn:bbc:arabic</id>
  <updated>2018-02-18T12:00:00Z</updated>
  <entry>
    <title type="html">مجلس الأمن يصوت على قرار</title>
    <link rel="self" href="https://www.bbc.com/api/1"/>
    <link rel="alternate" href="https://www.bbc.com/arabic/1"/>
    <id>tag:bbc.com,2018:1</id>
    <published>2018-02-18T10:30:00+03:00</published>
    <updated>2018-02-18T11:00:00+03:00</updated>
    <content type="html">&lt;p&gt;صوت مجلس الأمن &amp;quot;بالإجماع&amp;quot;.&lt;/p&gt;&lt;p&gt;الفقرة الثانية.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>احتجاجات في الخرطوم</title>
    <link href="https://www.bbc.com/arabic/2"/>
    <id>tag:bbc.com,2018:2</id>
    <updated>2018-02-19T09:15:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>خرج المحتجون إلى الشوارع.</p><p>وأغلقت المتاجر.</p></div></content>
  </entry>
  <entry>
    <title>ملخص فقط</title>
    <id>tag:bbc.com,2018:3</id>
    <updated>2018-02-20T00:00:00Z</updated>
    <summary type="text">سطر أول
سطر ثان</summary>
  </entry>
</feed>
`;

describe('readSources: files and folders', () => {
  it('reads a folder tree recursively in sorted order, each kind its own way, skipping dotfiles and other files', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'b'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'a.txt'), 'قال الرئيس إن المفاوضات ستستأنف.\n');
    writeFileSync(join(dir, 'b', 'c.html'), '<html><head><title>t</title><meta property="og:site_name" content="الجزيرة"></head><body><nav>القائمة</nav><h1>عنوان الصفحة</h1><p>نص المقال.</p></body></html>');
    writeFileSync(join(dir, 'b', 'd.json'), JSON.stringify({ title: 'عنوان', text: 'نص جيسون', published: '2018-02-18' }));
    writeFileSync(join(dir, 'b', 'e.jsonl'), jsonl([{ docno: 'E1', text: 'الأول' }, { docno: 'E2', text: 'الثاني' }]));
    writeFileSync(join(dir, 'f.jsonl.gz'), gzipSync(jsonl([{ id: 'F1', content: 'محتوى ١', outlet: 'سبق' }, { id: 'F2', body: 'محتوى ٢' }])));
    writeFileSync(join(dir, 'z.json'), JSON.stringify([{ text: 'عنصر أول' }, { text: 'عنصر ثان' }]));
    writeFileSync(join(dir, '.hidden.txt'), 'لا يقرأ');
    writeFileSync(join(dir, '.git', 'x.txt'), 'لا يقرأ');
    writeFileSync(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));

    const items = await all(readSources([dir]));
    expect(items.map((i) => i.origin)).toEqual([
      join(dir, 'a.txt'),
      join(dir, 'b', 'c.html'),
      join(dir, 'b', 'd.json'),
      `${join(dir, 'b', 'e.jsonl')}:1`,
      `${join(dir, 'b', 'e.jsonl')}:2`,
      `${join(dir, 'f.jsonl.gz')}:1`,
      `${join(dir, 'f.jsonl.gz')}:2`,
      `${join(dir, 'z.json')}#1`,
      `${join(dir, 'z.json')}#2`,
    ]);
    expect(ok(items[0]).input.text).toBe('قال الرئيس إن المفاوضات ستستأنف.\n');
    const html = ok(items[1]).input;
    expect(html.text).toBe('عنوان الصفحة\nنص المقال.');
    expect(html.title).toBe('عنوان الصفحة');
    expect(html.source).toBe('الجزيرة');
    expect(ok(items[2]).input).toMatchObject({ title: 'عنوان', text: 'نص جيسون', published: '2018-02-18' });
    expect(ok(items[3]).input).toMatchObject({ id: 'E1', text: 'الأول' });
    expect(ok(items[3]).raw).toBe('{"docno":"E1","text":"الأول"}');
    expect(ok(items[5]).input).toMatchObject({ id: 'F1', text: 'محتوى ١', source: 'سبق' });
    expect(ok(items[6]).input).toMatchObject({ id: 'F2', text: 'محتوى ٢' });
    expect(ok(items[8]).raw).toBe('{"text":"عنصر ثان"}');
  });

  it('decodes a UTF-16 file with BOM and reports a missing path as an error item without stopping', async () => {
    const dir = freshDir();
    const text = 'خبر بترميز UTF-16';
    writeFileSync(join(dir, 'u16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    writeFileSync(join(dir, 'after.txt'), 'بعد');
    const items = await all(readSources([join(dir, 'missing.txt'), join(dir, 'u16.txt'), join(dir, 'after.txt')]));
    expect(bad(items[0]).error).toMatch(/no such file/);
    expect(ok(items[1]).input.text).toBe(text);
    expect(ok(items[2]).input.text).toBe('بعد');
  });

  it('gives an error item for a binary file and for an empty article, then goes on', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'bin.txt'), Buffer.from([0x41, 0x00, 0x42, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'empty.txt'), '  \n');
    writeFileSync(join(dir, 'good.txt'), 'نص');
    const items = await all(readSources([dir]));
    expect(items.map((i) => i.origin)).toEqual([join(dir, 'bin.txt'), join(dir, 'empty.txt'), join(dir, 'good.txt')]);
    expect(bad(items[0]).error).toMatch(/binary/);
    expect(bad(items[1]).error).toMatch(/no article text/);
    expect(ok(items[2]).input.text).toBe('نص');
  });

  it('decodes a windows-1256 page that declares its charset', async () => {
    const dir = freshDir();
    // "الخبر" in windows-1256.
    const body = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1256"></head><body><p>'), Buffer.from([0xc7, 0xe1, 0xce, 0xc8, 0xd1]), Buffer.from('</p></body></html>')]);
    writeFileSync(join(dir, 'old.html'), body);
    const [item] = await all(readSources([join(dir, 'old.html')]));
    expect(ok(item).input.text).toBe('الخبر');
  });
});

describe('readSources: JSONL and gzip failures', () => {
  it('a corrupt line in the middle of a .jsonl.gz is one error item with its line number; every other line is read', async () => {
    const dir = freshDir();
    const lines = [
      JSON.stringify({ docno: 'L1', text: 'سطر ١' }),
      JSON.stringify({ docno: 'L2', text: 'سطر ٢' }),
      '{"docno": "L3", "text": "مقطوع',
      '',
      JSON.stringify({ docno: 'L5', title: 'بلا نص' }),
      JSON.stringify({ docno: 'L6', text: 'سطر ٦' }),
    ];
    const file = join(dir, 'corpus.jsonl.gz');
    writeFileSync(file, gzipSync(lines.join('\r\n') + '\r\n'));
    const items = await all(readSources([file]));
    expect(items.map((i) => [i.origin, isRead(i)])).toEqual([
      [`${file}:1`, true],
      [`${file}:2`, true],
      [`${file}:3`, false],
      [`${file}:5`, false],
      [`${file}:6`, true],
    ]);
    expect(bad(items[2])).toMatchObject({ raw: '{"docno": "L3", "text": "مقطوع' });
    expect(bad(items[2]).error).toMatch(/not valid JSON/);
    expect(bad(items[3]).error).toMatch(/no article text/);
    expect(ok(items[4]).input).toMatchObject({ id: 'L6', text: 'سطر ٦' });
    expect(ok(items[4]).raw).toBe(lines[5]);
  });

  it('a truncated .jsonl.gz gives its good lines, then one error item, and the next source is still read', async () => {
    const dir = freshDir();
    // Varied text so that the compressed file is large enough to cut in the middle.
    const objects = Array.from({ length: 3000 }, (_, i) => ({ docno: `D${i + 1}`, text: `الخبر رقم ${i} ${(i * 7919).toString(36)} ${Math.sin(i)}` }));
    const whole = gzipSync(jsonl(objects));
    const file = join(dir, 'cut.jsonl.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    writeFileSync(join(dir, 'next.txt'), 'المصدر التالي');
    const items = await all(readSources([file, join(dir, 'next.txt')]));
    const last = items.at(-1);
    expect(ok(last).input.text).toBe('المصدر التالي');
    const fromGz = items.slice(0, -1);
    const good = fromGz.slice(0, -1);
    expect(good.length).toBeGreaterThan(100);
    expect(good.length).toBeLessThan(3000);
    good.forEach((item, i) => {
      expect(item.origin).toBe(`${file}:${i + 1}`);
      expect(ok(item).input.id).toBe(`D${i + 1}`);
    });
    const failure = bad(fromGz.at(-1));
    expect(failure.origin).toBe(`${file}:${good.length + 1}`);
    expect(failure.error).toMatch(/gzip .*truncated|unexpected end/i);
  });

  it('a file that is not gzip although named .gz is read as what it holds', async () => {
    const dir = freshDir();
    const file = join(dir, 'plain.jsonl.gz');
    writeFileSync(file, jsonl([{ text: 'غير مضغوط' }]));
    const items = await all(readSources([file]));
    expect(items).toHaveLength(1);
    expect(ok(items[0]).input.text).toBe('غير مضغوط');
  });
});

describe('field maps', () => {
  it('parses --map and rejects unknown fields, missing paths and text=-', () => {
    expect(parseFieldMap('text=content,published=-,title=meta.headline,url=link,source=outlet,id=docno')).toEqual({
      text: 'content',
      published: null,
      title: 'meta.headline',
      url: 'link',
      source: 'outlet',
      id: 'docno',
    });
    expect(() => parseFieldMap('body=content')).toThrow(UsageError);
    expect(() => parseFieldMap('body=content')).toThrow(/unknown field "body".*text, html, title, published, url, source, id/);
    expect(() => parseFieldMap('title')).toThrow(/FIELD=PATH/);
    expect(() => parseFieldMap('title=')).toThrow(/names no source field/);
    expect(() => parseFieldMap('text=-')).toThrow(UsageError);
    expect(() => parseFieldMap('title=a,title=b')).toThrow(/twice/);
    expect(() => parseFieldMap('title=meta..x')).toThrow(/dotted path/);
  });

  it('reads mapped fields from dotted paths, and published=- drops the crawl date SaudiNewsNet calls date_extracted', async () => {
    const dir = freshDir();
    const file = join(dir, 'saudi.jsonl');
    const record = {
      source: 'aawsat',
      url: 'http://aawsat.com/x',
      date_extracted: '2015-07-21 02:51:32',
      title: 'عنوان قديم',
      meta: { headline: 'العنوان الصحيح', ids: { doc: 77 } },
      content: 'نص المقال السعودي',
      text: 'ليس هذا',
    };
    writeFileSync(file, jsonl([record, { meta: {}, text: 'بلا محتوى' }]));

    const plain = await all(readSources([file]));
    expect(ok(plain[0]).input.published).toBe('2015-07-21 02:51:32');
    expect(ok(plain[0]).input.text).toBe('ليس هذا');

    const map = parseFieldMap('text=content,published=-,title=meta.headline,id=meta.ids.doc');
    const items = await all(readSources([file], { map }));
    const input = ok(items[0]).input;
    expect(input.text).toBe('نص المقال السعودي');
    expect(input.title).toBe('العنوان الصحيح');
    expect(input.id).toBe('77');
    expect(input.published ?? null).toBeNull();
    expect(input.url).toBe('http://aawsat.com/x');
    expect(input.source).toBe('aawsat');
    expect(bad(items[1]).error).toMatch(/no field "content"/);
  });

  it('publishedIsCrawlTime keeps real publication fields but never takes date_extracted', async () => {
    const dir = freshDir();
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, jsonl([{ text: 'أ', date_extracted: '2015-07-21' }, { text: 'ب', date: '2015-07-20', date_extracted: '2015-07-21' }]));
    const items = await all(readSources([file], { publishedIsCrawlTime: true }));
    expect(ok(items[0]).input.published ?? null).toBeNull();
    expect(ok(items[1]).input.published).toBe('2015-07-20');
  });

  it('maps the HTML field and applies command-line overrides', async () => {
    const dir = freshDir();
    const file = join(dir, 'pages.json');
    writeFileSync(file, JSON.stringify({ page: { markup: '<p>فقرة <b>مهمة</b></p>' }, text: 'ليس هذا' }));
    const [item] = await all(readSources([file], { map: parseFieldMap('html=page.markup'), overrides: { source: 'المصدر' } }));
    expect(ok(item).input.text).toBe('فقرة مهمة');
    expect(ok(item).input.source).toBe('المصدر');
  });
});

describe('feeds', () => {
  it('reads an RSS 2.0 file: one item per entry with title, url, published, HTML text, id and outlet', async () => {
    const dir = freshDir();
    const file = join(dir, 'sky.rss');
    writeFileSync(file, RSS);
    const items = await all(readSources([file]));
    expect(items.map((i) => i.origin)).toEqual([`${file}#1`, `${file}#2`, `${file}#3`]);
    const first = ok(items[0]);
    expect(first.input).toMatchObject({
      title: 'وزير الخارجية الأمريكي يزور & الرياض',
      url: 'https://www.skynewsarabia.com/world/1',
      published: 'Sun, 18 Feb 2018 21:35:43 +0400',
      id: 'sky-1',
      source: 'سكاي نيوز عربية',
      text: 'وصل وزير الخارجية إلى الرياض اليوم.\nوبحث مع نظيره الأوضاع.',
    });
    expect(parsePublished(first.input.published!)).toBe('2018-02-18T21:35:43+04:00');
    expect(first.raw.startsWith('<item>')).toBe(true);
    expect(first.raw.endsWith('</item>')).toBe(true);
    expect(first.raw).toContain('sky-1');
    const second = ok(items[1]).input;
    expect(second.title).toBe('اشتباكات في طرابلس');
    expect(second.text).toBe('اندلعت اشتباكات عنيفة في طرابلس.'); // content:encoded preferred to the description
    expect(second.url).toBe('/world/2'); // a file has no base URL to resolve against
    expect(parsePublished(second.published!)).toBe('2018-02-19T08:00:00+00:00');
    expect(bad(items[2]).error).toMatch(/no text/);
    expect(bad(items[2]).raw).toContain('عنوان بلا نص');
  });

  it('reads an Atom file: alternate link, published before updated, escaped and xhtml content, plain summary', async () => {
    const dir = freshDir();
    const file = join(dir, 'bbc.atom');
    writeFileSync(file, ATOM);
    const items = (await all(readSources([file]))).map(ok);
    expect(items.map((i) => i.origin)).toEqual([`${file}#1`, `${file}#2`, `${file}#3`]);
    expect(items[0]!.input).toMatchObject({
      title: 'مجلس الأمن يصوت على قرار',
      url: 'https://www.bbc.com/arabic/1',
      published: '2018-02-18T10:30:00+03:00',
      id: 'tag:bbc.com,2018:1',
      source: 'بي بي سي عربي',
      text: 'صوت مجلس الأمن "بالإجماع".\nالفقرة الثانية.',
    });
    expect(items[1]!.input).toMatchObject({ url: 'https://www.bbc.com/arabic/2', published: '2018-02-19T09:15:00Z', text: 'خرج المحتجون إلى الشوارع.\nوأغلقت المتاجر.' });
    expect(items[2]!.input.text).toBe('سطر أول\nسطر ثان');
    expect(items[2]!.input.url ?? null).toBeNull();
  });

  it('recognises a feed by its root element whatever the file is called, and rejects an .xml that is no feed', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'download'), RSS);
    writeFileSync(join(dir, 'other.xml'), '<?xml version="1.0"?><catalog><book>x</book></catalog>');
    const items = await all(readSources([join(dir, 'download'), join(dir, 'other.xml')]));
    expect(items.map((i) => i.origin)).toEqual([`${join(dir, 'download')}#1`, `${join(dir, 'download')}#2`, `${join(dir, 'download')}#3`, join(dir, 'other.xml')]);
    expect(ok(items[0]).input.title).toContain('وزير الخارجية');
    expect(bad(items[3]).error).toMatch(/not an RSS or Atom feed/);
  });
});

describe('stdin', () => {
  it('reads JSONL when lines are JSON objects (origin -:LINE), else one article', async () => {
    const lines = await all(readStdin(Readable.from([Buffer.from('{"text":"أ"}\n\n{"te'), Buffer.from('xt":"ب"}\nnot json\n')])));
    expect(lines.map((i) => i.origin)).toEqual(['-:1', '-:3', '-:4']);
    expect(ok(lines[1]).input.text).toBe('ب');
    expect(bad(lines[2]).error).toMatch(/not valid JSON/);

    const [article] = await all(readStdin(Readable.from([Buffer.from('خبر عاجل من بغداد.\nالسطر الثاني.')])));
    expect(article?.origin).toBe('-');
    expect(ok(article).input.text).toBe('خبر عاجل من بغداد.\nالسطر الثاني.');

    const [pretty] = await all(readStdin(Readable.from([Buffer.from('{\n  "title": "ع",\n  "text": "نص"\n}\n')])));
    expect(ok(pretty).input).toMatchObject({ title: 'ع', text: 'نص' });
    expect(pretty?.origin).toBe('-');

    const gz = await all(readStdin(Readable.from([gzipSync(jsonl([{ text: 'مضغوط' }]))])));
    expect(gz.map((i) => i.origin)).toEqual(['-:1']);
    expect(ok(gz[0]).input.text).toBe('مضغوط');
  });

  it('streams JSONL: the first line comes out before the input has ended', async () => {
    const input = new PassThrough();
    input.write('{"text":"الأول"}\n{"text":"الثاني"}\n');
    const items = readStdin(input);
    const first = await Promise.race([items.next(), new Promise((r) => setTimeout(() => r('waited'), 2000))]);
    expect(first).toMatchObject({ done: false, value: { origin: '-:1', input: { text: 'الأول' } } });
    await items.return(undefined);
  });

  it('readSources reads - from options.stdin', async () => {
    const items = await all(readSources(['-'], { stdin: Readable.from([Buffer.from('<html><body><p>صفحة من المدخل</p></body></html>')]) }));
    expect(items.map((i) => i.origin)).toEqual(['-']);
    expect(ok(items[0]).input.text).toBe('صفحة من المدخل');
  });
});

describe('URLs', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/news/feed') {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(RSS);
      } else if (req.url === '/article') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><head><title>صفحة</title></head><body><h1>عنوان المقال</h1><p>نص من الشبكة.</p></body></html>');
      } else if (req.url === '/slow') {
        // Never answers: the reader's timeout must end the wait.
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fetches a feed: one item per entry, origin url#N, relative links resolved against the feed URL', async () => {
    const url = `${base}/news/feed`;
    const items = await all(readSources([url]));
    expect(items.map((i) => i.origin)).toEqual([`${url}#1`, `${url}#2`, `${url}#3`]);
    expect(ok(items[0]).input).toMatchObject({ title: 'وزير الخارجية الأمريكي يزور & الرياض', published: 'Sun, 18 Feb 2018 21:35:43 +0400' });
    expect(ok(items[1]).input.url).toBe(`${base}/world/2`);
  });

  it('fetches a page (its URL becomes the url), and a 404 or a timeout is an error item that does not stop the rest', async () => {
    const items = await all(readSources([`${base}/missing`, `${base}/slow`, `${base}/article`], { timeoutMs: 300 }));
    expect(items.map((i) => i.origin)).toEqual([`${base}/missing`, `${base}/slow`, `${base}/article`]);
    expect(bad(items[0]).error).toMatch(/HTTP 404/);
    expect(bad(items[1]).error).toMatch(/timed out/);
    expect(ok(items[2]).input).toMatchObject({ title: 'عنوان المقال', text: 'عنوان المقال\nنص من الشبكة.', url: `${base}/article` });
  });
});

describe('watchFolder', () => {
  const within = <T>(p: Promise<T>, ms = 5000): Promise<T> =>
    Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms))]);

  it('yields files that appear after the start (not those already there, not temp names) and stops on abort', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'old.txt'), 'كان هنا من قبل');
    const stop = new AbortController();
    const items = watchFolder(dir, { debounceMs: 50, pollMs: 100 }, stop.signal);
    const first = items.next();
    await new Promise((r) => setTimeout(r, 300)); // let it take its snapshot of what is already there
    writeFileSync(join(dir, 'new.txt'), 'خبر جديد');
    writeFileSync(join(dir, '.new.txt'), 'ملف مخفي');
    const a = await within(first);
    expect(a.done).toBe(false);
    expect(a.value).toMatchObject({ origin: join(dir, 'new.txt'), input: { text: 'خبر جديد' } });

    // Written under a temporary name, then renamed: read once, whole.
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'batch.jsonl.part'), jsonl([{ text: 'واحد' }]));
    writeFileSync(join(dir, 'sub', 'batch.jsonl.part'), jsonl([{ text: 'واحد' }, { text: 'اثنان' }]));
    renameSync(join(dir, 'sub', 'batch.jsonl.part'), join(dir, 'sub', 'batch.jsonl'));
    const b = await within(items.next());
    const c = await within(items.next());
    expect([b.value?.origin, c.value?.origin]).toEqual([`${join(dir, 'sub', 'batch.jsonl')}:1`, `${join(dir, 'sub', 'batch.jsonl')}:2`]);
    expect(ok(c.value as SourceItem).input.text).toBe('اثنان');

    const rest = items.next();
    stop.abort();
    expect(await within(rest)).toEqual({ done: true, value: undefined });
  });

  it('refuses a folder that does not exist', async () => {
    await expect(watchFolder(join(tmp, 'nowhere')).next()).rejects.toThrow(/not a folder/);
  });
});

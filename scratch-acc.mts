import { buildApp } from './src/server/app.ts';
import { openStore } from './src/store/open-store.ts';
const store = await openStore('/tmp/acc/probe.db');
const TOKEN = 'tok-0123456789abcdef';
for (const n of [3, 5, 6, 8]) {
  const limited = await buildApp(store, { token: TOKEN, webRoot: null, rateLimit: { max: 5, timeWindow: '1 minute' } });
  const res = await Promise.all(Array.from({ length: n }, () => limited.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.1.1.1' })));
  console.log('inject', n, res.map((r) => `${r.statusCode}:${r.headers['x-ratelimit-remaining']}`).join(' '));
  await limited.listen({ port: 0, host: '127.0.0.1' });
  const port = (limited.server.address() as any).port;
  const res2 = await Promise.all(Array.from({ length: n }, () => fetch(`http://127.0.0.1:${port}/healthz`)));
  console.log('http', n, res2.map((r) => `${r.status}:${r.headers.get('x-ratelimit-remaining')}`).join(' '));
  await limited.close();
}
await store.close();

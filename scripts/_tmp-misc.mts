import { readConll, splitDev, spans } from './eval-ner.js';
const { train, dev } = splitDev(readConll('/work/shared/data/ner/anercorp-train.txt'));
const which = process.argv[2] === 'dev' ? dev : train;
const type = process.argv[3] ?? 'MISC';
const c = new Map<string, number>();
for (const s of which) for (const sp of spans(s.tags)) { const [a,b,t] = sp.split(':'); if (t!==type) continue; const k = s.tokens.slice(+a!, +b!).join(' '); c.set(k, (c.get(k)??0)+1); }
console.log([...c].sort((a,b)=>b[1]-a[1]).slice(0, +(process.argv[4] ?? 150)).map(([k,n])=>`${k}:${n}`).join('  '));

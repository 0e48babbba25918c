import { readFileSync, readdirSync } from 'node:fs';
import { analyze } from '../src/pipeline.js';
import { inputFromObject } from '../src/ingest/read-input.js';
const arts = readFileSync('test/eval/events-dev/articles.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const gold = new Map<number, any>();
for (const f of readdirSync('test/eval/events-dev/gold')) if (!f.startsWith('b-')) for (const l of readFileSync('test/eval/events-dev/gold/' + f, 'utf8').trim().split('\n')) { const g = JSON.parse(l); gold.set(g.n, g); }
const what = process.argv[2] ?? 'recipient';
for (const a of arts) {
  const d = analyze(inputFromObject(a.input, JSON.stringify(a.input)));
  for (const g of gold.get(a.n)?.events ?? []) {
    const p = d.events.find((e) => e.sentence === g.sentence && e.event === g.event);
    if (!p) continue;
    const gv = what === 'recipient' ? (g.recipient ?? []).map((x: any) => x.country).join(',') : what === 'actor' ? (g.actor ?? []).map((x: any) => x.country).join(',') : what === 'loc' ? g.location?.country ?? '' : what === 'date' ? g.date ?? '' : [g.negated && 'N', g.future && 'F', g.hypothetical && 'H'].filter(Boolean).join('');
    const pv = what === 'recipient' ? p.recipient.map((x) => x.country).join(',') : what === 'actor' ? p.actor.map((x) => x.country).join(',') : what === 'loc' ? p.event_loc?.country ?? '' : what === 'date' ? (p.date ?? '') + '/' + p.date_source : [p.negated && 'N', p.future && 'F', p.hypothetical && 'H'].filter(Boolean).join('');
    if (what === 'date' && !g.date) continue;
    if (gv !== pv.split('/')[0]) console.log(`${a.n} s${g.sentence} ${g.event} «${p.trigger.text}» gold=${gv} pred=${pv} | ${(what==='recipient'?(g.recipient??[]).map((x:any)=>x.text).join(','):what==='actor'?(g.actor??[]).map((x:any)=>x.text).join(','):what==='loc'?g.location?.text:'')} | ${d.text.slice(d.sentences[g.sentence]!.start, d.sentences[g.sentence]!.end).slice(0, 140)}`);
  }
}
